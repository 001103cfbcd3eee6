/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code that drives n8n, never shipped */
/**
 * The demo instance of `npm start`, also what the editor test opens: n8n 2.x with this package
 * installed from its tarball, the emulator with 2,345 contacts in nested groups, an owner, the
 * emulator credential and two demo workflows.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { Backend, Emulator } from './emulator';
import { CREDENTIAL_TYPE, NODE_TYPE, demoContact } from './fixtures';
import { DEFAULT_ACCOUNT, startEmulator } from './emulator';
import type { N8nServer, Owner } from './n8n';
import {
	assertPortsFree,
	cli,
	importData,
	installN8n,
	installPackage,
	packPackage,
	setupOwner,
	startServer,
} from './n8n';

export const OWNER: Owner = {
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'User',
	password: 'Demo-pass1',
};
export const DEMO_CREDENTIAL = { id: 'imdemo', name: 'iletiMerkezi (emulator)' };
export const DEMO_WORKFLOWS = {
	add: { id: 'imdemoadd', name: 'iletiMerkezi: add the posted person', webhookPath: 'add-contact' },
	search: { id: 'imdemosearch', name: 'iletiMerkezi: search contacts' },
	group: { id: 'imdemogroup', name: 'iletiMerkezi: contacts of a group' },
};
export const DEMO_CONTACTS = 2345;
const demoBook = Array.from({ length: DEMO_CONTACTS }, (_, i) => demoContact(i));

/** The group the demo's Get Many reads, and how many demo contacts are in it. */
export const DEMO_GROUP = {
	id: '1',
	name: 'Customers',
	members: demoBook.filter((contact) => contact.groups?.includes('1')).length,
};

/** The demo Search's key, and how many demo contacts it finds. */
export const DEMO_SEARCH = {
	key: 'Yılmaz',
	matches: demoBook.filter((contact) => contact.surname === 'Yılmaz').length,
};

const credentials = { iletiMerkeziApi: DEMO_CREDENTIAL };

function demoWorkflows(): IDataObject[] {
	const addFromWebhook = {
		id: DEMO_WORKFLOWS.add.id,
		name: DEMO_WORKFLOWS.add.name,
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
				parameters: {
					httpMethod: 'POST',
					path: DEMO_WORKFLOWS.add.webhookPath,
					responseMode: 'lastNode',
				},
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
	// Opened in the editor and run with "Execute workflow": a manual trigger and our node.
	const trigger = 'When clicking ‘Execute workflow’';
	const manual = (
		{ id, name }: { id: string; name: string },
		nodeName: string,
		parameters: IDataObject,
	) => ({
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-1`,
				name: trigger,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: `${id}-2`,
				name: nodeName,
				type: NODE_TYPE,
				typeVersion: 1,
				position: [260, 0],
				credentials,
				parameters,
			},
		],
		connections: { [trigger]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
	});
	const search = manual(DEMO_WORKFLOWS.search, 'Search Contacts', {
		resource: 'contact',
		operation: 'search',
		searchKey: DEMO_SEARCH.key,
		returnAll: true,
	});
	const group = manual(DEMO_WORKFLOWS.group, 'Group Contacts', {
		resource: 'contact',
		operation: 'getMany',
		groupId: { __rl: true, mode: 'list', value: DEMO_GROUP.id, cachedResultName: DEMO_GROUP.name },
		returnAll: true,
	});
	return [addFromWebhook, search, group];
}

export interface DemoInstance {
	n8n: N8nServer;
	emulator: Emulator;
	/** Stops n8n, then the emulator. */
	stop: () => Promise<void>;
}

/**
 * Sets up a fresh demo in `userFolder` (anything there is replaced) and starts it. The caller
 * has built the package.
 */
export async function startDemo(options: {
	userFolder: string;
	port: number;
	/** The n8n line: '2' (the default, as `npm start` runs) or '1'. */
	major?: string;
	/** Which iletiMerkezi backend the emulator plays: today's (`current`) when left out. */
	backend?: Backend;
	emulatorPort?: number;
	progress?: (message: string) => void;
}): Promise<DemoInstance> {
	const progress = options.progress ?? (() => undefined);
	const { userFolder } = options;
	// Before anything is replaced: the folder may belong to a demo still running on the port.
	await assertPortsFree(options.port);
	rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });
	const install = installN8n(options.major ?? '2', userFolder);

	progress('Packing the package…');
	const tarball = packPackage();
	try {
		installPackage(userFolder, tarball);
	} finally {
		rmSync(dirname(tarball), { recursive: true, force: true });
	}

	let emulator: Emulator | undefined;
	let n8n: N8nServer | undefined;
	let ready = false;
	try {
		emulator = await startEmulator({
			port: options.emulatorPort ?? 0,
			backend: options.backend ?? 'current',
		});
		emulator.generateContacts(DEMO_CONTACTS, demoContact);
		progress('Importing the credential and the demo workflows…');
		await importData(
			install,
			userFolder,
			[
				{
					...DEMO_CREDENTIAL,
					type: CREDENTIAL_TYPE,
					data: {
						authMode: 'secretKey',
						apiKey: DEFAULT_ACCOUNT.apiKey,
						secretKey: DEFAULT_ACCOUNT.secretKey,
						baseUrl: emulator.url,
					},
				},
			],
			demoWorkflows(),
		);
		// 2.x publishes a workflow; 1.x activates it.
		await cli(
			install,
			install.major === '1'
				? ['update:workflow', `--id=${DEMO_WORKFLOWS.add.id}`, '--active=true']
				: ['publish:workflow', `--id=${DEMO_WORKFLOWS.add.id}`],
		);

		progress(`Starting n8n on http://localhost:${options.port} …`);
		n8n = await startServer(install, options.port);
		await setupOwner(n8n.url, OWNER);
		ready = true;
		const [server, api] = [n8n, emulator];
		return {
			n8n: server,
			emulator: api,
			stop: async () => {
				await server.stop();
				await api.close();
			},
		};
	} finally {
		// Half-started: leave nothing running behind the error.
		if (!ready) {
			await n8n?.stop();
			await emulator?.close();
		}
	}
}
