/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- test code that drives n8n's editor in a browser, never shipped */
/**
 * The editor test: the `npm start` demo, in n8n 2.x and then 1.x, driven in headless Chromium.
 * Signs in, opens the demo workflows and our node, and checks what only the editor shows: the Add
 * Contact fields, the group picker's nested groups, Limit only without Return All, Get Many's
 * group list filtering as one types, Message › Send's panel (the Sender picker, Message Type
 * without a default, the İYS List only for Commercial), Create or Update's Match In, the
 * credential dialog's connection test for the right secret and a wrong one, the Trigger's panel
 * with its Production URL, and the demo webhook's run. Saves screenshots of each panel: 2.x's into
 * the screenshot folder, 1.x's into .out/editor/n8n-1.
 *
 *   node .out/test/e2e/editor.js [--screenshots=<dir>] [--majors=2,1]
 *   (npm run test:editor; screenshots default to .out/editor)
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { IDataObject } from 'n8n-workflow';

import { CREDENTIAL_TYPE, NODE_TYPE, PACKAGE_NAME } from '../../dev/fixtures';
import { ROOT, check, testLines } from '../../dev/n8n';
import type { Demo } from '../../dev/start';
import { DEMO_GROUP, DEMO_SEARCH, DEMO_WORKFLOWS, OWNER, startDemo } from '../../dev/start';

// Each line's own ports (n8n's, and the next for its task broker), clear of npm start's 5678.
const PORTS: Record<string, number> = { '2': 5694, '1': 5697 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// A closed network: keep Chromium from reaching for Google's services at every start.
const CHROMIUM_ARGS = (
	'--no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking ' +
	'--disable-component-update --disable-sync'
).split(' ');
// A Trigger as the editor saves it, with a secret.
const TRIGGER = { webhookId: '6a0f4a52-2c1e-4b1f-8f6e-3d2c1b0a9f88', secret: 'dlr-7f3k9q2x' };
// The emulator's default groups, as the picker must name them.
const GROUPS = ['Customers', 'Customers / VIP', 'Customers / Newsletter', 'Suppliers'];
// And its approved senders.
const SENDERS = ['APITEST', 'eMarka'];
const option = (name: string) =>
	process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const OUT_DIR = join(ROOT, '.out', 'editor');
const screenshotDir = resolve(ROOT, option('screenshots') ?? OUT_DIR);
let shotsDir = screenshotDir; // set for each n8n line

function expect(condition: boolean, what: string) {
	if (!condition) throw new Error(what);
}
const same = (got: unknown, expected: unknown, what: string) =>
	expect(JSON.stringify(got) === JSON.stringify(expected), `${what} ${JSON.stringify(got)}`);

/** Opens a workflow and double-clicks one of its nodes, as a user does. */
async function openNode(page: Page, url: string, workflowId: string, nodeName: string) {
	await page.goto(`${url}/workflow/${workflowId}`);
	await page.locator('[data-test-id="canvas-node"]', { hasText: nodeName }).dblclick();
	await page.waitForSelector('[data-test-id="ndv"] [data-test-id="node-parameters"]');
}

const parameter = (page: Page, name: string) =>
	page.locator(`[data-test-id="ndv"] [data-test-id="parameter-input-${name}"]`);
/** Whether `locator` shows within `timeout` ms. */
const appears = async (locator: Locator, timeout: number) =>
	(await locator.waitFor({ timeout }).catch(() => false)) !== false;
const shown = async (page: Page, name: string) =>
	expect(await appears(parameter(page, name), 10000), `field ${name} is not shown`);
const hidden = async (page: Page, name: string, what: string) =>
	expect((await parameter(page, name).count()) === 0, what);

// Finished transitions: a button fading in would show blank.
const shot = async (page: Page, name: string, dir = shotsDir) =>
	await page.screenshot({ path: join(dir, name), animations: 'disabled' });

/** Runs the open node; returns the item count its output shows. */
async function execute(page: Page) {
	await page.click('[data-test-id="ndv"] [data-test-id="node-execute-button"]');
	const count = page.locator('[data-test-id="ndv-items-count"]');
	await count.filter({ hasText: 'items' }).waitFor({ timeout: 30000 });
	return (await count.innerText()).trim();
}

/** Opens a picker and returns its options: a click while the panel still settles can be lost. */
async function openPicker(page: Page, name: string) {
	const options = page.locator('.el-select-dropdown__item:visible');
	for (let attempt = 1; attempt <= 3; attempt++) {
		await parameter(page, name).click();
		if (await appears(options.first(), 8000)) return options;
		await page.keyboard.press('Escape');
	}
	throw new Error(`the ${name} picker listed no options`);
}

/** Waits until no picker's list shows: one closing would pass for the next one opened. */
const pickerClosed = async (page: Page) =>
	await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden' });

/** Texts as listed, each on its first line (an option's description follows its name). */
const names = async (locator: Locator) =>
	(await locator.allInnerTexts()).map((text) => text.trim().split('\n')[0].trim());

/**
 * Saves a workflow holding one iletiMerkezi node with the demo's credential, as the editor saves a
 * new one; answers its id.
 */
async function saveNode(demo: Demo, name: string, parameters: IDataObject) {
	const { data: stored } = await demo.n8n.request('GET', '/rest/credentials');
	const credential = (stored as IDataObject[]).find((c) => c.type === CREDENTIAL_TYPE)!;
	const { data } = await demo.n8n.request('POST', '/rest/workflows', {
		name: `iletiMerkezi: ${name}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [
			{
				id: 'node',
				name,
				type: NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters,
				credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
			},
		],
	});
	return String((data as { id: string }).id);
}

const checks: Array<[string, (page: Page, url: string, demo: Demo) => Promise<void>]> = [
	[
		'Add Contact shows its fields, and the group picker lists the emulator’s groups nested',
		async (page, url) => {
			await openNode(page, url, DEMO_WORKFLOWS.add.id, 'Add Contact');
			for (const name of ['gsm', 'name', 'surname', 'email', 'groupIds']) await shown(page, name);
			await page.locator('[data-test-id="fixed-collection-customFields"]').waitFor();
			// Search's fields (shown there, checked below) stay hidden on Add.
			for (const name of ['searchKey', 'returnAll'])
				await hidden(page, name, `${name} shown on Add`);
			const names = await (await openPicker(page, 'groupIds')).allInnerTexts();
			same(
				names.map((text) => text.trim()),
				GROUPS,
				'group picker lists',
			);
			await shot(page, 'add-contact-groups.png');
		},
	],
	[
		'Search shows Limit only when Return All is off, and returns every match',
		async (page, url) => {
			await openNode(page, url, DEMO_WORKFLOWS.search.id, 'Search Contacts');
			await shown(page, 'searchKey');
			await shown(page, 'returnAll');
			await hidden(page, 'gsm', 'Add’s fields shown on Search');
			await hidden(page, 'limit', 'Limit shown with Return All on');
			const returnAll = parameter(page, 'returnAll').locator('.el-switch');
			await returnAll.click();
			await parameter(page, 'limit').waitFor();
			const limit = await parameter(page, 'limit').locator('input').inputValue();
			expect(limit === '50', `Limit defaults to ${limit}`);
			await shot(page, 'search-limit.png');
			await returnAll.click();
			await parameter(page, 'limit').waitFor({ state: 'detached' });
			const count = await execute(page);
			expect(count === `${DEMO_SEARCH.matches} items`, `output shows "${count}"`);
			await shot(page, 'search-contacts.png');
		},
	],
	[
		'Get Many picks its group from a list of nested names that filters as one types, and returns the members',
		async (page, url) => {
			await openNode(page, url, DEMO_WORKFLOWS.group.id, 'Group Contacts');
			await shown(page, 'returnAll');
			const items = page.locator('[data-test-id="rlc-item"]:visible');
			const listed = async () => (await items.allInnerTexts()).map((text) => text.trim());
			for (let attempt = 1; attempt <= 3 && !(await items.count()); attempt++) {
				await page.locator('[data-test-id="ndv"] [data-test-id="rlc-input"]').click();
				await appears(items.first(), 8000);
			}
			// The picked group shows at once; the rest once the list has loaded.
			await appears(items.nth(GROUPS.length - 1), 15000);
			same(await listed(), GROUPS, 'group list shows');
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
			const count = await execute(page);
			expect(count === `${DEMO_GROUP.members} items`, `output shows "${count}"`);
		},
	],
	[
		'Message › Send shows its fields, the Sender picker lists the account’s senders, Message Type is Commercial with its notice, and the İYS List shows only for Commercial',
		async (page, url, demo) => {
			const parameters = { resource: 'message', operation: 'send' };
			await openNode(page, url, await saveNode(demo, 'Send SMS', parameters), 'Send SMS');
			for (const name of ['sendTo', 'phoneNumber', 'message', 'sender', 'messageType', 'iysList']) {
				await shown(page, name);
			}
			const notice = page.locator('[data-test-id="ndv"]').getByText('not delivered (status 112)');
			expect(await appears(notice, 10000), 'the Commercial notice is not shown');
			await hidden(page, 'groupId', 'the group shown with Send To a number per item');
			same(await names(await openPicker(page, 'sender')), SENDERS, 'Sender picker lists');
			await page.keyboard.press('Escape');
			await pickerClosed(page);
			const types = await openPicker(page, 'messageType');
			same(await names(types), ['Commercial', 'Transactional'], 'Message Type lists');
			// The chosen option: `is-selected` in 2.x, `selected` in 1.x.
			const chosen = page.locator(
				['is-selected', 'selected'].map((c) => `.el-select-dropdown__item.${c}:visible`).join(),
			);
			same(await names(chosen), ['Commercial'], 'Message Type is set by default to');
			await shot(page, 'message-send.png');
			await types.filter({ hasText: 'Transactional' }).click();
			await parameter(page, 'iysList').waitFor({ state: 'detached' });
			await notice.waitFor({ state: 'detached' });
		},
	],
	[
		'Contact › Create or Update shows Match In, and the Match Group picker only for A Group',
		async (page, url, demo) => {
			const parameters = { resource: 'contact', operation: 'upsert' };
			const id = await saveNode(demo, 'Create or Update Contact', parameters);
			await openNode(page, url, id, 'Create or Update Contact');
			for (const name of ['gsm', 'name', 'surname', 'email', 'matchIn']) await shown(page, name);
			await hidden(page, 'matchGroupId', 'Match Group shown for the whole address book');
			const places = await openPicker(page, 'matchIn');
			same(await names(places), ['Whole Address Book', 'A Group'], 'Match In lists');
			await places.filter({ hasText: 'A Group' }).click();
			await shown(page, 'matchGroupId');
			await shot(page, 'create-or-update.png');
		},
	],
	[
		'Credential dialog: the connection test passes, and a wrong secret says what to check',
		async (page, url) => {
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
	],
	[
		'The Trigger’s panel shows its Production URL with the secret, where to paste it, and the status filter',
		async (page, url, demo) => {
			// As the editor saves a new Trigger: with a webhook id of its own.
			const { data } = await demo.n8n.request('POST', '/rest/workflows', {
				name: 'iletiMerkezi: delivery reports',
				active: false,
				settings: { executionOrder: 'v1' },
				connections: {},
				nodes: [
					{
						id: 'trigger',
						name: 'iletiMerkezi Trigger',
						type: `${PACKAGE_NAME}.iletiMerkeziTrigger`,
						typeVersion: 1,
						position: [0, 0],
						webhookId: TRIGGER.webhookId,
						parameters: { secret: TRIGGER.secret },
					},
				],
			});
			await openNode(page, url, String((data as { id: string }).id), 'iletiMerkezi Trigger');
			const ndv = page.locator('[data-test-id="ndv"]');
			await ndv.getByText('Notification URL').waitFor();
			const notice = await ndv.locator('.notice').innerText();
			expect(/Settings › API/.test(notice), `the notice says: ${notice}`);
			const chosen = await parameter(page, 'statuses')
				.locator('.el-select__tags-text')
				.allInnerTexts();
			same(
				chosen.map((text) => text.trim()),
				['Accepted', 'Delivered', 'Undelivered'],
				'statuses chosen',
			);
			await shown(page, 'secret');
			// 1.x opens the Webhook URLs section, 2.x shows it folded.
			const webhooks = ndv.locator('.webhooks');
			if (!(await webhooks.locator('.headline.expanded').count()))
				await webhooks.locator('.headline').click();
			await webhooks.getByText('Production URL').click();
			const expected = `${url}/webhook/${TRIGGER.webhookId}/delivery-report/${TRIGGER.secret}`;
			const link = webhooks.locator('.webhook-url');
			await link.filter({ hasText: expected }).waitFor();
			same((await link.innerText()).trim(), expected, 'the Production URL shown is');
			await shot(page, 'trigger-webhook-url.png');
		},
	],
	[
		'The demo’s published webhook adds the posted person; the run shows in Executions',
		async (page, url, demo) => {
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
			// The run's canvas: 2.x draws it in the page, 1.x in a preview frame, which may be
			// attached only after the run is listed: whichever shows the node first.
			const frame = page.frameLocator('iframe').first();
			const node = (where: Page | FrameLocator) =>
				where.locator('[data-test-id="canvas-node"]', { hasText: 'Add Contact' });
			const canvas = await Promise.any(
				[page, frame].map(
					async (where) =>
						await node(where)
							.waitFor()
							.then(() => where),
				),
			);
			await canvas.getByText('Loading', { exact: true }).waitFor({ state: 'hidden' });
			await shot(page, 'npm-start-webhook.png');
		},
	],
];

void testLines('editor', (option('majors') ?? '2,1').split(','), async (major, folder) => {
	shotsDir = major === '2' ? screenshotDir : join(OUT_DIR, `n8n-${major}`);
	for (const dir of [OUT_DIR, shotsDir]) mkdirSync(dir, { recursive: true });
	console.log(`n8n ${major}.x editor, Chromium ${CHROMIUM}, screenshots in ${shotsDir}`);
	const demo = await startDemo(folder, PORTS[major], major);
	let browser: Browser | undefined;
	try {
		browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
		for (const [i, [title, run]] of checks.entries()) {
			// A fresh browser context per check: no state carried from one to the next.
			const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
			const page = await context.newPage();
			page.setDefaultTimeout(20000);
			const { url } = demo.n8n;
			// Never into docs/: a failed run leaves the documented screenshots alone.
			const failure = `failed-${major}-${i + 1}.png`;
			const onFailure = async () =>
				await shot(page, failure, OUT_DIR).then(
					() => `\n      screenshot: ${join(OUT_DIR, failure)}`,
				);
			await check(
				`n8n ${major}.x editor: ${title}`,
				async () => {
					await page.goto(`${url}/signin`);
					// By type: the fields' names differ between n8n lines.
					await page.fill('input[type="email"]', OWNER.email);
					await page.fill('input[type="password"]', OWNER.password);
					await page.click('[data-test-id="form-submit-button"]');
					await page.waitForURL((location) => !location.pathname.includes('signin'));
					await run(page, url, demo);
				},
				onFailure,
			);
			await context.close();
		}
	} finally {
		await browser?.close();
		await demo.stop();
	}
});
