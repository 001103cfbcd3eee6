/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- test code that drives n8n, Redis and Postgres, never shipped */
/**
 * The node in n8n's queue mode (n8n 2.40.7): Redis and Postgres in a temp folder, one main taking
 * a published webhook's calls and two workers running them, each process with its own user folder
 * holding the packed package. 20 calls of 1,000 people at once must add every person exactly once.
 *
 *   npm run test:queue
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_ACCOUNT, startEmulator } from '../../dev/emulator';
import { CREDENTIAL_TYPE, NODE_TYPE, addFromRows, spreadsheetRows } from '../../dev/fixtures';
import type { N8nInstall } from '../../dev/n8n';
import { check, node, setUpN8n, startN8n, startServer, testLines, workflow } from '../../dev/n8n';

const MAIN_PORT = 5710; // its task broker on 5711; the other ports are chosen free
const PG_BIN = '/usr/lib/postgresql/15/bin';
const [CALLS, PEOPLE] = [20, 1000];
const OWNER = { email: 'queue@example.com', firstName: 'Queue', lastName: 'Mode' };
const FLOW = { id: 'queueaddpeople', name: 'Add the posted people' };
const CREDENTIAL = { id: 'queue-current', name: 'iletiMerkezi (emulator)' };
const isRoot = process.getuid?.() === 0;
/** What to stop, in that order. */
type Stops = Array<() => unknown>;

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' });
/** Postgres refuses to run as root: then its commands run as the postgres user. */
const asPostgres = (bin: string, args: string[]) =>
	isRoot
		? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args])
		: run(join(PG_BIN, bin), args);
/** Polls `ready` each half second for up to 4 minutes, or until `gone` says there is no point. */
async function until(what: string, ready: () => Promise<unknown>, gone = () => '') {
	for (const deadline = Date.now() + 240000; !(await ready().catch(() => false)); ) {
		if (gone() || Date.now() > deadline) throw new Error(`${what} did not start${gone()}`);
		await new Promise((done) => setTimeout(done, 500));
	}
}

/** A port nothing listens on now, chosen by the system. */
async function freePort() {
	const probe = createServer().listen(0, '127.0.0.1');
	await new Promise((done) => probe.once('listening', done));
	const { port } = probe.address() as { port: number };
	await new Promise((done) => probe.close(done));
	return port;
}

/** Debian's Redis and Postgres 15, installed when missing (as CI installs Chromium). */
function installServices() {
	const missing = [
		...(existsSync('/usr/bin/redis-server') ? [] : ['redis-server']),
		...(existsSync(join(PG_BIN, 'initdb')) ? [] : ['postgresql-15']),
	];
	if (!missing.length) return;
	const [command, ...first] = isRoot ? ['apt-get'] : ['sudo', 'apt-get'];
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const apt = (...args: string[]) =>
		execFileSync(command, [...first, ...args], { stdio: 'inherit', env });
	apt('update', '-qq');
	apt('install', '-y', '-qq', ...missing);
}

/** Redis and Postgres serving from `folder` on free ports; returns the env every n8n shares. */
async function startServices(folder: string, stops: Stops) {
	const [redisPort, pgPort] = [String(await freePort()), String(await freePort())];
	const [redis, pg] = [join(folder, 'redis'), join(folder, 'pg')];
	mkdirSync(redis);
	// No snapshots or append-only file: the queue lives as long as the test.
	const options = `--port ${redisPort} --bind 127.0.0.1 --appendonly no --daemonize yes`.split(' ');
	run('redis-server', [...options, '--save', '', '--dir', redis, '--logfile', join(redis, 'log')]);
	stops.unshift(() => run('redis-cli', ['-p', redisPort, 'shutdown', 'nosave']));
	await until('Redis', async () => run('redis-cli', ['-p', redisPort, 'ping']).includes('PONG'));
	mkdirSync(pg);
	if (isRoot) {
		chmodSync(folder, 0o711); // the postgres user reaches its own folder inside
		run('chown', ['postgres:', pg]);
	}
	const data = join(pg, 'data');
	asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'n8n']);
	const server = `-p ${pgPort} -k ${pg} -c listen_addresses=127.0.0.1`;
	asPostgres('pg_ctl', ['-D', data, '-o', server, '-l', join(pg, 'log'), '-w', 'start']);
	stops.unshift(() => asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']));
	asPostgres('createdb', ['-h', '127.0.0.1', '-p', pgPort, '-U', 'n8n', 'n8n']);
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: redisPort,
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: pgPort,
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'n8n',
	};
}

/** `n8n worker` in a user folder of its own, the package installed there as on the main. */
async function startWorker(install: N8nInstall, folder: string, n: number, stops: Stops) {
	const userFolder = join(folder, `worker${n}`);
	const nodes = join('.n8n', 'nodes');
	cpSync(join(install.env.N8N_USER_FOLDER!, nodes), join(userFolder, nodes), { recursive: true });
	const [broker, health] = [await freePort(), await freePort()];
	const env = {
		N8N_USER_FOLDER: userFolder,
		N8N_RUNNERS_BROKER_PORT: String(broker),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(health),
	};
	const args = ['worker', '--concurrency=5'];
	const worker = startN8n(install, args, env, join(userFolder, 'n8n.log'));
	stops.unshift(worker.stop);
	// Ready once connected to Postgres and Redis and taking jobs.
	const readiness = `http://127.0.0.1:${health}/healthz/readiness`;
	const gone = () => (worker.gone() ? `:\n${worker.log().slice(-3000)}` : '');
	await until(`worker ${n}`, async () => (await fetch(readiness)).ok, gone);
	return worker;
}

// Answers each call with every item of the last node: one result per person.
const WEBHOOK = { path: 'add-people', responseMode: 'lastNode', responseData: 'allEntries' };
const WEBHOOK_NODE = { typeVersion: 2, webhookId: '5d0c2a1e-7b1f-4f0e-9a41-3c2b9d6e8f10' };
const addPeople = workflow(FLOW, [
	node('Webhook', 'webhook', { httpMethod: 'POST', ...WEBHOOK }, WEBHOOK_NODE),
	node('Split Out', 'splitOut', { fieldToSplitOut: 'body.people', include: 'noOtherFields' }),
	node('Add Contact', NODE_TYPE, addFromRows, { credentials: { [CREDENTIAL_TYPE]: CREDENTIAL } }),
]);

void testLines('queue', ['2'], async (major, folder) => {
	console.log(`n8n ${major}.x in queue mode, in ${folder}`);
	installServices();
	const stops: Stops = [];
	try {
		const emulator = await startEmulator({ backend: 'current' });
		stops.push(() => emulator.close());
		const shared = await startServices(folder, stops);
		const main = join(folder, 'main');
		mkdirSync(main);
		const data = { authMode: 'secretKey', ...DEFAULT_ACCOUNT, baseUrl: emulator.url };
		const credentials = [{ ...CREDENTIAL, type: CREDENTIAL_TYPE, data }];
		const flows = { credentials, workflows: [addPeople], publish: FLOW.id };
		const install = await setUpN8n(major, main, flows, shared);
		const starting = Promise.all([1, 2].map((n) => startWorker(install, folder, n, stops)));
		starting.catch(() => undefined); // awaited once the main is up, or dropped if it fails
		const server = await startServer(install, MAIN_PORT, { ...OWNER, password: 'Queue-pass1' });
		stops.unshift(server.stop);
		const workers = await starting;

		const people = spreadsheetRows(CALLS * PEOPLE);
		const post = async (call: number) => {
			const body = JSON.stringify({ people: people.slice(call * PEOPLE, (call + 1) * PEOPLE) });
			const headers = { 'Content-Type': 'application/json' };
			const url = `${server.url}/webhook/add-people`;
			const response = await fetch(url, { method: 'POST', headers, body });
			const results = (await response.json().catch(() => null)) as IDataObject[] | null;
			const answered = response.status === 200 && results?.length === PEOPLE;
			return answered && results.every((result) => result.id) ? '' : `${response.status}`;
		};
		const each = `each answered 200 with ${PEOPLE} results, each with an id`;
		await check(`${CALLS} calls of ${PEOPLE} people at once: ${each}`, async () => {
			const bad = (await Promise.all([...Array(CALLS).keys()].map(post))).filter(Boolean);
			if (bad.length) throw new Error(`${bad.length} calls otherwise answered: ${bad.join(', ')}`);
		});
		await check(`the emulator stores ${CALLS * PEOPLE} contacts, every posted phone once`, () => {
			const stored = new Map<string, number>();
			for (const { gsm } of emulator.contacts) stored.set(gsm, (stored.get(gsm) ?? 0) + 1);
			const lost = people.filter(({ phone }) => !stored.has(String(phone))).length;
			const duplicated = [...stored.values()].filter((times) => times > 1).length;
			const count = emulator.contacts.length;
			if (count !== CALLS * PEOPLE || lost || duplicated) {
				throw new Error(`${count} stored: ${lost} lost, ${duplicated} duplicated`);
			}
		});
		// Each worker logs "Worker started execution <id> (job <id>)" for every execution it runs.
		const ran = workers.map((worker) =>
			[...worker.log().matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]),
		);
		const counts = ran.map((ids) => ids.length).join(' and ');
		await check(`both workers ran executions (${counts}), the ${CALLS} calls once each`, () => {
			const all = ran.flat();
			if (ran.some((ids) => !ids.length) || all.length !== CALLS || new Set(all).size !== CALLS) {
				throw new Error(`executions per worker: ${JSON.stringify(ran)}`);
			}
		});
	} finally {
		// In reverse order of starting: n8n, then Postgres and Redis, the emulator last.
		const report = (error: Error) => console.log(`  stopping: ${error.message}`);
		for (const stop of stops) await Promise.resolve().then(stop).catch(report);
	}
});
