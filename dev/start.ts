/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- a command-line script that drives n8n, never shipped */
/**
 * `npm start`, and the demo the editor test opens: a real n8n with this package installed from its
 * `npm pack` tarball, the emulator playing iletiMerkezi with 2,345 contacts in nested groups, an
 * owner account, an iletiMerkezi credential and three demo workflows. Ctrl-C stops both.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { Backend } from './emulator';
import { DEFAULT_ACCOUNT, startEmulator } from './emulator';
import { CREDENTIAL_TYPE, NODE_TYPE, demoContact } from './fixtures';
import { CACHE_DIR, ROOT, assertPortsFree, node, setUpN8n, startServer, workflow } from './n8n';

export const OWNER = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Demo-pass1',
};
export const DEMO_WORKFLOWS = {
	add: { id: 'imdemoadd', name: 'iletiMerkezi: add the posted person', webhookPath: 'add-contact' },
	search: { id: 'imdemosearch', name: 'iletiMerkezi: search contacts' },
	group: { id: 'imdemogroup', name: 'iletiMerkezi: contacts of a group' },
};
const CONTACTS = 2345;
const book = Array.from({ length: CONTACTS }, (_, i) => demoContact(i));
// What the demo's Get Many and Search read, and how many demo contacts each finds.
const members = book.filter((contact) => contact.groups?.includes('1')).length;
export const DEMO_GROUP = { id: '1', name: 'Customers', members };
const matches = book.filter((contact) => contact.surname === 'Yılmaz').length;
export const DEMO_SEARCH = { key: 'Yılmaz', matches };

const CREDENTIAL = { id: 'imdemo', name: 'iletiMerkezi (emulator)' };
const contacts = (name: string, operation: string, parameters: IDataObject) =>
	node(
		name,
		NODE_TYPE,
		{ resource: 'contact', operation, ...parameters },
		{
			credentials: { [CREDENTIAL_TYPE]: CREDENTIAL },
		},
	);
const webhook = {
	httpMethod: 'POST',
	path: DEMO_WORKFLOWS.add.webhookPath,
	responseMode: 'lastNode',
};
const webhookId = 'b3a1f3a0-6f0e-4d7e-9a55-1f0c8e0d2a11';
// The other two are opened in the editor and run with "Execute workflow".
const trigger = node('When clicking ‘Execute workflow’', 'manualTrigger');
const { id: value, name: cachedResultName } = DEMO_GROUP;
const workflows = [
	workflow(DEMO_WORKFLOWS.add, [
		node('Webhook', 'webhook', webhook, { typeVersion: 2, webhookId }),
		contacts('Add Contact', 'add', {
			gsm: '={{ $json.body.phone }}',
			name: '={{ $json.body.name }}',
			surname: '={{ $json.body.surname }}',
			email: '={{ $json.body.email }}',
			groupIds: ['1', '11'],
			customFields: { field: [{ id: '1', value: '={{ $json.body.city }}' }] },
		}),
	]),
	workflow(DEMO_WORKFLOWS.search, [
		trigger,
		contacts('Search Contacts', 'search', { searchKey: DEMO_SEARCH.key, returnAll: true }),
	]),
	workflow(DEMO_WORKFLOWS.group, [
		trigger,
		contacts('Group Contacts', 'getMany', {
			groupId: { __rl: true, mode: 'list', value, cachedResultName },
			returnAll: true,
		}),
	]),
];

export type Demo = Awaited<ReturnType<typeof startDemo>>;

/**
 * Installs n8n `major` once (reused afterwards), showing its steps as they go; npm's own output
 * stays in the install's log, whose path and last lines the script prints if a step fails.
 */
async function installN8n(major: string) {
	const script = join(ROOT, 'dev', 'n8n-install.sh');
	const install = spawn('bash', [script, major], { stdio: ['ignore', 'ignore', 'inherit'] });
	const code = await new Promise<number | null>((done) => {
		install.once('error', () => done(null));
		install.once('close', done);
	});
	if (code !== 0) throw new Error(`n8n ${major}.x could not be installed: see the lines above`);
}

/** Sets up a fresh demo in `userFolder`, replacing anything there, and starts it; dist/ is built. */
export async function startDemo(
	userFolder: string,
	port: number,
	major = '2',
	backend: Backend = 'current',
	emulatorPort = 0,
) {
	await assertPortsFree(port); // before the folder goes: it may be a running demo's
	rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });
	const emulator = await startEmulator({ port: emulatorPort, backend });
	emulator.generateContacts(CONTACTS, demoContact);
	const { apiKey, secretKey } = DEFAULT_ACCOUNT;
	const data = { authMode: 'secretKey', apiKey, secretKey, baseUrl: emulator.url };
	const credentials = [{ ...CREDENTIAL, type: CREDENTIAL_TYPE, data }];
	const start = async () => {
		console.log(`Setting up n8n ${major}.x with the packed package and the demo workflows…`);
		const publish = DEMO_WORKFLOWS.add.id;
		const install = await setUpN8n(major, userFolder, { credentials, workflows, publish });
		console.log(`Starting n8n on http://localhost:${port} …`);
		return await startServer(install, port, OWNER);
	};
	// Half-started, nothing is left running behind the error (a failed startServer stops its n8n).
	const n8n = await start().catch(async (error: Error) => {
		await emulator.close();
		throw error;
	});
	const stop = async () => {
		await n8n.stop();
		await emulator.close();
	};
	return { n8n, emulator, stop };
}

const PORTS_HINT =
	'choose other ports: N8N_PORT (n8n takes it and the next one, for its task runners) and EMULATOR_PORT, e.g. N8N_PORT=5700 EMULATOR_PORT=8800 npm start';

/** A port from the environment, or why it is not one. */
function portFrom(name: string, fallback: number, max = 65535) {
	const text = process.env[name] ?? String(fallback);
	const port = Number(text);
	if (!/^\d+$/.test(text) || port < 1 || port > max) {
		throw new Error(`${name} is "${text}": give a port number from 1 to ${max}`);
	}
	return port;
}

/** Whether something listens on `port` (on every address, or on `host`). */
async function taken(port: number, host = '::') {
	const probe = createServer();
	return await new Promise<boolean>((done) => {
		probe.once('error', () => done(true));
		probe.listen(port, host, () => probe.close(() => done(false)));
	});
}

/**
 * Fails, naming N8N_PORT and EMULATOR_PORT, if n8n's port, its task runners' (the next one) or
 * the emulator's is taken.
 */
async function assertDemoPortsFree(port: number, emulatorPort: number) {
	const ports: Array<[number, string, string?]> = [
		[port, 'n8n’s, N8N_PORT'],
		[port + 1, 'n8n’s task runners’, N8N_PORT + 1'],
		[emulatorPort, 'the emulator’s, EMULATOR_PORT', '127.0.0.1'],
	];
	for (const [candidate, whose, host] of ports) {
		if (await taken(candidate, host)) {
			throw new Error(
				`Port ${candidate} (${whose}) is in use: stop what holds it (a demo still running?), or ${PORTS_HINT}`,
			);
		}
	}
}

if (require.main === module) {
	const backend = process.env.EMULATOR_BACKEND ?? 'current';
	let starting: Promise<Demo> | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		try {
			// A signal during start-up stops the demo as soon as it is up, leaving nothing behind.
			await (await starting?.catch(() => undefined))?.stop();
		} catch (error) {
			console.error(error);
			code ||= 1;
		}
		process.exit(code);
	};
	const main = async () => {
		if (backend !== 'current' && backend !== 'classic') {
			throw new Error(`EMULATOR_BACKEND is "${backend}": give current or classic`);
		}
		process.on('SIGINT', () => void stop(0));
		process.on('SIGTERM', () => void stop(0));
		// A fresh instance each start, so the demo is always the same.
		const port = portFrom('N8N_PORT', 5678, 65534);
		const emulatorPort = portFrom('EMULATOR_PORT', 8790);
		if (emulatorPort === port || emulatorPort === port + 1) {
			throw new Error(`EMULATOR_PORT is ${emulatorPort}: n8n takes ${port} and ${port + 1}`);
		}
		const userFolder = join(CACHE_DIR, 'start-user');
		await assertDemoPortsFree(port, emulatorPort); // before a first start's long install
		await installN8n('2');
		if (stopping) return;
		await assertDemoPortsFree(port, emulatorPort); // the install may have taken minutes
		starting = startDemo(userFolder, port, '2', backend, emulatorPort);
		const { n8n, emulator } = await starting;
		if (stopping) return;
		void n8n.exited.then(() => {
			if (!stopping) console.error(`n8n stopped on its own; its log: ${n8n.logFile}`);
			void stop(stopping ? 0 : 1);
		});
		console.log(`
n8n is ready: ${n8n.url}
  Log in:     ${OWNER.email} / ${OWNER.password}
  Workflows:  "${DEMO_WORKFLOWS.add.name}" (published webhook)
              "${DEMO_WORKFLOWS.search.name}" (open it and click Execute workflow)
              "${DEMO_WORKFLOWS.group.name}" (the same, with a group picked from a list)
  Try:        curl -X POST ${n8n.url}/webhook/${DEMO_WORKFLOWS.add.webhookPath} \\
                -H 'Content-Type: application/json' \\
                -d '{"phone":"5321234567","name":"Ayşe","surname":"Yılmaz","city":"İstanbul"}'
              (it answers with the contact added; a failed run answers 500, and n8n's
              Executions shows why)
  Emulator:   ${emulator.url} (${backend} backend, ${CONTACTS.toLocaleString('en')} contacts)
              API key ${DEFAULT_ACCOUNT.apiKey}, secret key ${DEFAULT_ACCOUNT.secretKey}
              (the credential "${CREDENTIAL.name}" holds them)
Ctrl-C stops n8n and the emulator. n8n's log is written to ${n8n.logFile}`);
	};
	main().catch((error) => {
		// Taken between the check and the start.
		if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
			error = new Error(`${(error as Error).message}: stop what holds it, or ${PORTS_HINT}`);
		}
		console.error(error instanceof Error ? error.message : error);
		void stop(1);
	});
}
