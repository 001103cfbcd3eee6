/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- test code that drives n8n's CLI, never shipped */
/**
 * This package's credential in n8n's own HTTP Request node (Authentication: Predefined Credential
 * Type › iletiMerkezi API), in real n8n, as users call a method the node does not cover: a POST to
 * get-balance with a JSON body answers the balance, the hash sent and the secret never; a 307 and
 * a 308 to another port on this machine are not followed, so nothing, the hash least of all,
 * arrives there; a request to another host and a form body are refused before anything is sent.
 * The real-n8n suite runs it on each line with its emulator; alone, it sets up n8n for itself:
 *
 *   node .out/test/e2e/http-request.js [2|1 ...]     (both lines when none is given)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../dev/emulator';
import { DEFAULT_ACCOUNT, MESSAGES, hashFor, startEmulator } from '../../dev/emulator';
import { CREDENTIAL_TYPE } from '../../dev/fixtures';
import type { N8nInstall } from '../../dev/n8n';
import { check, freePort, node, runCli, setUpN8n, testLines, workflow } from '../../dev/n8n';

const HASH = hashFor(DEFAULT_ACCOUNT.apiKey, DEFAULT_ACCOUNT.secretKey);
/** The credential the real-n8n suite imports: today's backend, API key and secret key. */
const CREDENTIAL = 'cred-current';
/** Where a redirect points: the first of these ports free on this machine. */
const REDIRECT_PORTS = [5700, 5701, 5702, 5703, 5704, 5705, 5706, 5707, 5708, 5709];
const REFUSED_HOST = 'http://api.example.invalid/v1/get-balance/json'; // a reserved name
const NOT_SENT = 'The request does not go to the credential’s Base URL, so it was not sent';
const GO_ON = { onError: 'continueRegularOutput' };

/**
 * n8n's HTTP Request node (4.2, in both lines) posting `{"request":{}}` to `url` with the
 * credential, as a user sets it up; `parameters` changes what it sends.
 */
const httpRequest = (name: string, url: string, parameters: IDataObject = {}, extra = {}) =>
	node(
		name,
		'httpRequest',
		{
			method: 'POST',
			url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: CREDENTIAL_TYPE,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '{"request":{}}',
			options: {},
			...parameters,
		},
		{
			typeVersion: 4.2,
			credentials: { [CREDENTIAL_TYPE]: { id: CREDENTIAL, name: CREDENTIAL } },
			...extra,
		},
	);

const FORM = {
	contentType: 'form-urlencoded',
	specifyBody: 'keypair',
	bodyParameters: { parameters: [{ name: 'request', value: '{}' }] },
};

/** The workflows, each a manual start and HTTP Request nodes in a chain. */
const workflows = (balanceUrl: string) => ({
	balance: workflow({ id: 'e2ehttpbalance', name: 'e2ehttpbalance' }, [
		node('Start', 'manualTrigger'),
		httpRequest('Get Balance', balanceUrl),
	]),
	// The emulator answers the first with a 307, the second with a 308.
	redirect: workflow({ id: 'e2ehttpredirect', name: 'e2ehttpredirect' }, [
		node('Start', 'manualTrigger'),
		httpRequest('Redirected 307', balanceUrl, {}, GO_ON),
		httpRequest('Redirected 308', balanceUrl, {}, GO_ON),
	]),
	refused: workflow({ id: 'e2ehttprefused', name: 'e2ehttprefused' }, [
		node('Start', 'manualTrigger'),
		httpRequest('Another Host', REFUSED_HOST, {}, GO_ON),
		httpRequest('Form Body', balanceUrl, FORM, GO_ON),
	]),
});

type NodeRun = {
	error?: { message?: string; description?: string };
	data?: { main?: Array<Array<{ json: IDataObject }> | null> };
};

/**
 * `n8n execute`: what it printed (kept in n8n's folder as `<id>.out`), and each node's run as
 * printed (JSON after the log lines; after "Execution error:" when the run failed).
 */
async function execute(install: N8nInstall, id: string) {
	const result = await runCli(install, ['execute', `--id=${id}`, '--rawOutput']);
	const printed = `${result.stdout}\n${result.stderr}`;
	writeFileSync(join(install.env.N8N_USER_FOLDER!, `${id}.out`), printed);
	let runData: Record<string, NodeRun[] | undefined> = {};
	try {
		const text = printed.slice(printed.search(/^\{$/m));
		runData = JSON.parse(text.slice(0, text.search(/^\}$/m) + 1)).data.resultData.runData;
	} catch {
		// no run printed: every node below has no output
	}
	const failed = result.status !== 0 || printed.includes('Execution error');
	const json = (name: string) =>
		(runData[name]?.at(-1)?.data?.main?.[0] ?? []).map((item) => item.json);
	/** What a node said when it failed: its error, or the error item it passed on. */
	const said = (name: string) => {
		const { message = '', description = '' } = runData[name]?.at(-1)?.error ?? {};
		return `${message} ${description} ${JSON.stringify(json(name)[0]?.error ?? '')}`;
	};
	return { printed, failed, json, said };
}

/** Fails saying what was got, unless `got` is `expected` (compared as JSON). */
function same(got: unknown, expected: unknown) {
	if (JSON.stringify(got) !== JSON.stringify(expected)) {
		throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
	}
}

/** The secret key, the hash or the API key in `texts`, as sent or bent (URL-encoded, any case). */
const leaked = (texts: string[], secrets = [DEFAULT_ACCOUNT.secretKey, HASH]) =>
	secrets.filter((secret) =>
		texts.some((text) =>
			[secret, encodeURIComponent(secret)].some((form) =>
				text.toLowerCase().includes(form.toLowerCase()),
			),
		),
	);

/** An emulator standing for another host, on the first free port of REDIRECT_PORTS. */
async function redirectTarget() {
	for (const port of REDIRECT_PORTS) {
		const target = await startEmulator({ port }).catch(() => undefined);
		if (target) return target;
	}
	throw new Error(`none of the ports ${REDIRECT_PORTS.join(', ')} is free for a redirect target`);
}

/**
 * The HTTP Request node with the credential `cred-current` (Base URL `today`), in `install`: its
 * workflows imported here, then run one by one with `n8n execute`.
 */
export async function runHttpRequest(install: N8nInstall, today: Emulator, line: string) {
	const title = `${line} HTTP Request node with the credential`;
	const { balance, redirect, refused } = workflows(`${today.url}/get-balance/json`);
	const folder = join(install.env.N8N_USER_FOLDER!, 'import', 'http-request');
	mkdirSync(folder, { recursive: true });
	for (const flow of [balance, redirect, refused]) {
		writeFileSync(join(folder, `${flow.id}.json`), JSON.stringify(flow));
	}
	const imported = await runCli(install, ['import:workflow', '--separate', `--input=${folder}`]);
	if (imported.status !== 0) {
		throw new Error(`n8n import:workflow failed:\n${imported.stdout}${imported.stderr}`);
	}

	today.clear();
	const got = await execute(install, balance.id);
	await check(`${title}: get-balance answers the balance, the hash sent in the body`, () => {
		if (got.failed) throw new Error(got.printed.slice(-3000));
		same(
			[got.json('Get Balance')[0]?.response, today.requests.map((r) => r.body)],
			[
				{ status: { code: 200, message: MESSAGES[200] }, balance: today.account.balance },
				[{ request: { authentication: { key: DEFAULT_ACCOUNT.apiKey, hash: HASH } } }],
			],
		);
	});
	await check(`${title}: the secret key never left, nor was the hash printed`, () => {
		const sent = today.requests.map((r) => JSON.stringify(r));
		const found = [
			...leaked(sent, [DEFAULT_ACCOUNT.secretKey]),
			...leaked([got.printed]).map((secret) => `${secret} (printed)`),
		];
		if (found.length) throw new Error(`found: ${found.join(', ')}`);
	});

	today.clear();
	const target = await redirectTarget();
	try {
		const location = `${target.url}/get-balance/json`;
		for (const status of [307, 308]) today.failNext({ apiMethod: 'get-balance', status, location });
		const run = await execute(install, redirect.id);
		await check(
			`${title}: a 307 and a 308 to another port are not followed, nothing arrives there`,
			() => {
				same([today.requests.map((r) => r.status), target.requests.length], [[307, 308], 0]);
				for (const status of ['307', '308']) {
					if (!run.said(`Redirected ${status}`).includes(status)) {
						throw new Error(`not an error naming ${status}: ${run.printed.slice(-2000)}`);
					}
				}
				const found = leaked([run.printed]);
				if (found.length) throw new Error(`printed: ${found.join(', ')}`);
			},
		);
	} finally {
		await target.close();
	}

	today.clear();
	const run = await execute(install, refused.id);
	await check(`${title}: a request to another host is refused, nothing sent`, () => {
		if (!run.said('Another Host').includes(NOT_SENT)) {
			throw new Error(`the node said: ${run.said('Another Host')} ${run.printed.slice(-2000)}`);
		}
	});
	await check(`${title}: a form body is refused, saying to send JSON`, () => {
		if (
			!/A form body cannot carry the authentication.*Body Content Type › JSON/.test(
				run.said('Form Body'),
			)
		) {
			throw new Error(`the node said: ${run.said('Form Body')} ${run.printed.slice(-2000)}`);
		}
		same(today.requests.length, 0);
	});
	rmSync(folder, { recursive: true, force: true });
}

// Alone: n8n set up for this module only, with the credential pointing at an emulator of its own.
if (require.main === module) {
	const majors = process.argv.slice(2);
	void testLines('http-request', majors.length ? majors : ['2', '1'], async (major, folder) => {
		console.log(`n8n ${major}.x, in ${folder}`);
		const today = await startEmulator({ backend: 'current' });
		try {
			const data = { ...DEFAULT_ACCOUNT, authMode: 'secretKey', baseUrl: today.url };
			const credentials = [{ id: CREDENTIAL, name: CREDENTIAL, type: CREDENTIAL_TYPE, data }];
			// `n8n execute` opens a task broker too: on a port of its own.
			const env = {
				N8N_RUNNERS_ENABLED: 'false',
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			};
			const install = await setUpN8n(major, folder, { credentials, workflows: [] }, env);
			await runHttpRequest(install, today, `n8n ${major}.x`);
		} finally {
			await today.close();
		}
	});
}
