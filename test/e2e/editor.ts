/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- test code that drives n8n's editor in a browser, never shipped */
/**
 * The editor test: the `npm start` demo, in n8n 2.x and then 1.x, driven in headless Chromium.
 * Signs in, opens the demo workflows and our node, and checks what only the editor shows: the Add
 * Contact fields, the group picker's nested groups, Limit only without Return All, Get Many's
 * group list filtering as one types, the credential dialog's connection test for the right secret
 * and a wrong one, and the demo webhook's run. Saves screenshots of each panel: 2.x's into the
 * screenshot folder, 1.x's into .out/editor/n8n-1.
 *
 *   node .out/test/e2e/editor.js [--screenshots=<dir>] [--majors=2,1]
 *   (npm run test:editor; screenshots default to .out/editor)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import type { DemoInstance } from '../../dev/demo-instance';
import { DEMO_GROUP, DEMO_SEARCH, DEMO_WORKFLOWS, OWNER, startDemo } from '../../dev/demo-instance';
import { ROOT } from '../../dev/n8n';

// Each line's own ports (n8n's, and the next for its task broker), clear of npm start's 5678.
const PORTS: Record<string, number> = { '2': 5694, '1': 5697 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// A closed network: keep Chromium from reaching for Google's services at every start.
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
// The emulator's default groups, as the picker must name them.
const EMULATOR_GROUPS = ['Customers', 'Customers / VIP', 'Customers / Newsletter', 'Suppliers'];

const OUT_DIR = join(ROOT, '.out', 'editor');
const screenshotDir = resolve(
	ROOT,
	process.argv.find((arg) => arg.startsWith('--screenshots='))?.split('=')[1] ?? OUT_DIR,
);

function expect(condition: boolean, what: string) {
	if (!condition) throw new Error(what);
}

async function signIn(page: Page, url: string) {
	await page.goto(`${url}/signin`);
	// By type: the fields' names differ between n8n lines.
	await page.fill('input[type="email"]', OWNER.email);
	await page.fill('input[type="password"]', OWNER.password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForURL((location) => !location.pathname.includes('signin'));
}

/** Opens a workflow and double-clicks one of its nodes, as a user does. */
async function openNode(page: Page, url: string, workflowId: string, nodeName: string) {
	await page.goto(`${url}/workflow/${workflowId}`);
	await page.locator('[data-test-id="canvas-node"]', { hasText: nodeName }).dblclick();
	await page.waitForSelector('[data-test-id="ndv"] [data-test-id="node-parameters"]');
}

const parameter = (page: Page, name: string) =>
	page.locator(`[data-test-id="ndv"] [data-test-id="parameter-input-${name}"]`);

/** Where the checks' screenshots go: set for each n8n line. */
let shotsDir = screenshotDir;

async function shot(page: Page, name: string, dir = shotsDir) {
	// Finished transitions: a button fading in would show blank.
	await page.screenshot({ path: join(dir, name), animations: 'disabled' });
}

/**
 * Opens a picker and returns its options once listed. On a busy machine a click that lands while
 * the panel is still settling can be lost, so it is tried again.
 */
async function openPicker(page: Page, name: string) {
	const options = page.locator('.el-select-dropdown__item:visible');
	for (let attempt = 1; attempt <= 3; attempt++) {
		await parameter(page, name).click();
		const listed = await options
			.first()
			.waitFor({ timeout: 8000 })
			.then(() => true)
			.catch(() => false);
		if (listed) return options;
		await page.keyboard.press('Escape');
	}
	throw new Error(`the ${name} picker listed no options`);
}

/** Waits for a field to show; fails naming it. */
async function shown(page: Page, name: string) {
	await parameter(page, name)
		.waitFor({ timeout: 10000 })
		.catch(() => {
			throw new Error(`field ${name} is not shown`);
		});
}

const checks: Array<{
	title: string;
	run: (page: Page, url: string, demo: DemoInstance) => Promise<void>;
}> = [
	{
		title: 'Add Contact shows its fields, and the group picker lists the emulator’s groups nested',
		run: async (page, url) => {
			await openNode(page, url, DEMO_WORKFLOWS.add.id, 'Add Contact');
			for (const name of ['gsm', 'name', 'surname', 'email', 'groupIds']) await shown(page, name);
			await page.locator('[data-test-id="fixed-collection-customFields"]').waitFor();
			// Search's fields (shown there, checked below) stay hidden on Add.
			for (const name of ['searchKey', 'returnAll']) {
				expect((await parameter(page, name).count()) === 0, `${name} shown on Add`);
			}
			const options = await openPicker(page, 'groupIds');
			const names = (await options.allInnerTexts()).map((text) => text.trim());
			expect(
				JSON.stringify(names) === JSON.stringify(EMULATOR_GROUPS),
				`group picker lists ${JSON.stringify(names)}`,
			);
			await shot(page, 'add-contact-groups.png');
		},
	},
	{
		title: 'Search shows Limit only when Return All is off, and returns every match',
		run: async (page, url) => {
			await openNode(page, url, DEMO_WORKFLOWS.search.id, 'Search Contacts');
			await shown(page, 'searchKey');
			await shown(page, 'returnAll');
			expect((await parameter(page, 'gsm').count()) === 0, 'Add’s fields shown on Search');
			expect((await parameter(page, 'limit').count()) === 0, 'Limit shown with Return All on');
			const returnAll = parameter(page, 'returnAll').locator('.el-switch');
			await returnAll.click();
			await parameter(page, 'limit').waitFor();
			const limit = await parameter(page, 'limit').locator('input').inputValue();
			expect(limit === '50', `Limit defaults to ${limit}`);
			await shot(page, 'search-limit.png');
			await returnAll.click();
			await parameter(page, 'limit').waitFor({ state: 'detached' });
			await page.click('[data-test-id="ndv"] [data-test-id="node-execute-button"]');
			const count = page.locator('[data-test-id="ndv-items-count"]');
			await count.filter({ hasText: 'items' }).waitFor({ timeout: 30000 });
			const text = (await count.innerText()).trim();
			expect(text === `${DEMO_SEARCH.matches} items`, `output shows "${text}"`);
			await shot(page, 'search-contacts.png');
		},
	},
	{
		title:
			'Get Many picks its group from a list of nested names that filters as one types, and returns the members',
		run: async (page, url) => {
			await openNode(page, url, DEMO_WORKFLOWS.group.id, 'Group Contacts');
			await shown(page, 'returnAll');
			const ndv = page.locator('[data-test-id="ndv"]');
			const items = page.locator('[data-test-id="rlc-item"]:visible');
			const listed = async () => (await items.allInnerTexts()).map((text) => text.trim());
			for (let attempt = 1; attempt <= 3 && !(await items.count()); attempt++) {
				await ndv.locator('[data-test-id="rlc-input"]').click();
				await items
					.first()
					.waitFor({ timeout: 8000 })
					.catch(() => undefined);
			}
			// The picked group shows at once; the rest once the list has loaded.
			await items
				.nth(EMULATOR_GROUPS.length - 1)
				.waitFor({ timeout: 15000 })
				.catch(() => undefined);
			const names = await listed();
			expect(
				JSON.stringify(names) === JSON.stringify(EMULATOR_GROUPS),
				`group list shows ${JSON.stringify(names)}`,
			);
			// The list opens with its search field focused.
			await page.keyboard.type('vip');
			await items.filter({ hasText: 'Suppliers' }).waitFor({ state: 'detached' });
			await items.filter({ hasText: 'Customers / VIP' }).waitFor();
			// The group already picked stays pinned at the top of the list.
			const filtered = (await listed()).filter((name) => name !== DEMO_GROUP.name);
			expect(
				JSON.stringify(filtered) === JSON.stringify(['Customers / VIP']),
				`typing "vip" leaves ${JSON.stringify(await listed())}`,
			);
			await shot(page, 'get-many-group-list.png');
			await page.keyboard.press('Escape');
			await page.click('[data-test-id="ndv"] [data-test-id="node-execute-button"]');
			const count = page.locator('[data-test-id="ndv-items-count"]');
			await count.filter({ hasText: 'items' }).waitFor({ timeout: 30000 });
			const text = (await count.innerText()).trim();
			expect(text === `${DEMO_GROUP.members} items`, `output shows "${text}"`);
		},
	},
	{
		title: 'Credential dialog: the connection test passes, and a wrong secret says what to check',
		run: async (page, url) => {
			await openNode(page, url, DEMO_WORKFLOWS.add.id, 'Add Contact');
			await page.click('[data-test-id="credential-edit-button"]');
			const dialog = page.locator('[data-test-id="editCredential-modal"]');
			// Opening a saved credential tests it.
			await dialog
				.locator('[data-test-id="credentials-config-container-test-success"]')
				.waitFor({ timeout: 30000 });
			const retry = dialog.getByRole('button', { name: 'Retry' });
			// The button shows a spinner while a test runs, then fades its label back in.
			const retryIdle = retry.locator('[class*="loading-container"]');
			await retryIdle.waitFor({ state: 'detached' });
			await shot(page, 'credential-test-success.png');
			await dialog.locator('[data-test-id="parameter-input-secretKey"] input').fill('wrong-secret');
			await retry.click();
			await dialog.getByText('Couldn’t connect with these settings').waitFor({ timeout: 30000 });
			const details = dialog.getByText('More details');
			if (await details.isVisible()) await details.click();
			await dialog
				.getByText('iletiMerkezi rejected the credentials: check the API key and the secret key')
				.waitFor();
			await retryIdle.waitFor({ state: 'detached' });
			await shot(page, 'credential-test-failure.png');
		},
	},
	{
		title: 'The demo’s published webhook adds the posted person; the run shows in Executions',
		run: async (page, url, demo) => {
			const response = await fetch(`${url}/webhook/${DEMO_WORKFLOWS.add.webhookPath}`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({
					phone: '5321234567',
					name: 'Ayşe',
					surname: 'Kara',
					email: 'ayse@example.com',
					city: 'İstanbul',
				}),
			});
			const answer = (await response.json()) as { gsm?: string; status?: { code?: unknown } };
			expect(
				response.ok && answer.gsm === '5321234567' && Number(answer.status?.code) === 200,
				`webhook answered ${response.status} ${JSON.stringify(answer)}`,
			);
			const stored = demo.emulator.contacts.find((contact) => contact.gsm === '5321234567');
			expect(
				stored?.name === 'Ayşe' && JSON.stringify(stored.groups) === JSON.stringify(['1', '11']),
				`stored ${JSON.stringify(stored)}`,
			);
			await page.goto(`${url}/workflow/${DEMO_WORKFLOWS.add.id}/executions`);
			await page.getByText('Succeeded', { exact: true }).first().waitFor();
			// The run's canvas: 2.x draws it in the page, 1.x in a preview frame.
			const canvas = (await page.locator('iframe').count())
				? page.frameLocator('iframe').first()
				: page;
			await canvas.locator('[data-test-id="canvas-node"]', { hasText: 'Add Contact' }).waitFor();
			await canvas.getByText('Loading', { exact: true }).waitFor({ state: 'hidden' });
			await shot(page, 'npm-start-webhook.png');
		},
	},
];

const option = (name: string) =>
	process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];

/** Runs every check in one n8n line's demo; returns [passed, failed]. */
async function runMajor(major: string, browser: Browser): Promise<[number, number]> {
	const userFolder = mkdtempSync(join(tmpdir(), `n8n-editor-${major}-`));
	shotsDir = major === '2' ? screenshotDir : join(OUT_DIR, `n8n-${major}`);
	mkdirSync(shotsDir, { recursive: true });
	console.log(`n8n ${major}.x editor, screenshots in ${shotsDir}`);
	let demo: DemoInstance | undefined;
	let passed = 0;
	let failed = 0;
	try {
		demo = await startDemo({ userFolder, port: PORTS[major], major });
		for (const check of checks) {
			const started = Date.now();
			// A fresh browser context per check: no state carried from one to the next.
			const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
			const page = await context.newPage();
			page.setDefaultTimeout(20000);
			try {
				await signIn(page, demo.n8n.url);
				await check.run(page, demo.n8n.url, demo);
				passed++;
				console.log(`  ✓ n8n ${major}.x editor: ${check.title} (${Date.now() - started} ms)`);
			} catch (problem) {
				failed++;
				// Never into docs/: a failed run leaves the documented screenshots alone.
				const name = `failed-${major}-${checks.indexOf(check) + 1}.png`;
				await shot(page, name, OUT_DIR).catch(() => undefined);
				console.log(
					`  ✗ n8n ${major}.x editor: ${check.title}\n      ${(problem as Error).message.slice(0, 2000)}\n      screenshot: ${join(OUT_DIR, name)}`,
				);
			} finally {
				await context.close();
			}
		}
	} catch (problem) {
		failed++;
		console.log(`  ✗ n8n ${major}.x editor: ${(problem as Error).message.slice(0, 3000)}`);
	} finally {
		await demo?.stop();
		if (demo) writeFileSync(join(userFolder, 'n8n.log'), demo.n8n.log());
		if (failed === 0) rmSync(userFolder, { recursive: true, force: true });
		else console.log(`  n8n's folder: ${userFolder}`);
	}
	return [passed, failed];
}

async function main() {
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	mkdirSync(OUT_DIR, { recursive: true });
	const majors = (option('majors') ?? '2,1').split(',');
	console.log(`Chromium: ${CHROMIUM}`);
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	let passed = 0;
	let failed = 0;
	try {
		for (const major of majors) {
			const [p, f] = await runMajor(major, browser);
			passed += p;
			failed += f;
		}
	} finally {
		await browser.close();
	}
	console.log(`${passed} passed, ${failed} failed`);
	if (failed) process.exitCode = 1;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
