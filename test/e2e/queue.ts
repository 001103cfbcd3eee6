/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- test code that drives n8n, Redis and Postgres, never shipped */
/**
 * The node in n8n's queue mode (n8n 2.40.7): Redis and Postgres in a temp folder, one main taking
 * a published webhook's calls (Create or Update of the posted people) and two workers running them,
 * each process with its own user folder holding the packed package. 20 calls of 1,000 people at
 * once; one worker is killed (SIGKILL, as the system kills a process out of memory) with
 * executions under way. n8n does not run those again, and their calls fail: posted once more, as
 * callers do, they find the people the cut-short runs stored. Every person ends stored once.
 *
 *   npm run test:queue
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../dev/emulator';
import { DEFAULT_ACCOUNT, startEmulator } from '../../dev/emulator';
import { CREDENTIAL_TYPE, NODE_TYPE, addFromRows, spreadsheetRows } from '../../dev/fixtures';
import type { N8nInstall } from '../../dev/n8n';
import {
	check,
	freePort,
	node,
	setUpN8n,
	startN8n,
	startServer,
	testLines,
	workflow,
} from '../../dev/n8n';

const MAIN_PORT = 5710; // its task broker on 5711; the other ports are chosen free
const PG_BIN = '/usr/lib/postgresql/15/bin';
const [CALLS, PEOPLE] = [20, 1000];
const OWNER = { email: 'queue@example.com', firstName: 'Queue', lastName: 'Mode' };
const FLOW = { id: 'queuesyncpeople', name: 'Create or update the posted people' };
/**
 * n8n gives up an execution whose worker died once the job's lock has run out and a stalled-job
 * check has seen it (60 s and every 30 s by default): shorter here, so the calls it cut short are
 * answered within about 20 s.
 */
const LOCKS = {
	QUEUE_WORKER_LOCK_DURATION: '15000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '3000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};
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
const WEBHOOK = { path: 'sync-people', responseMode: 'lastNode', responseData: 'allEntries' };
const WEBHOOK_NODE = { typeVersion: 2, webhookId: '5d0c2a1e-7b1f-4f0e-9a41-3c2b9d6e8f10' };
const syncPeople = workflow(FLOW, [
	node('Webhook', 'webhook', { httpMethod: 'POST', ...WEBHOOK }, WEBHOOK_NODE),
	node('Split Out', 'splitOut', { fieldToSplitOut: 'body.people', include: 'noOtherFields' }),
	node(
		'Create or Update',
		NODE_TYPE,
		{ ...addFromRows, operation: 'upsert' },
		{ credentials: { [CREDENTIAL_TYPE]: CREDENTIAL } },
	),
]);

/**
 * What a call got: `problem` empty when it answered 200 with one result per person (each with an
 * id and what was done), else what came instead; and how long it took.
 */
type Answer = { problem: string; results: IDataObject[]; seconds: number };

/**
 * Executions a worker's log names: "Worker started execution <id> (job <id>)", and "Worker
 * finished execution <id>" once it ran to its end.
 */
const executions = (log: string, what: 'started' | 'finished') =>
	[...log.matchAll(new RegExp(`Worker ${what} execution (\\d+)`, 'g'))].map((m) => m[1]);

type Worker = Awaited<ReturnType<typeof startWorker>>;

/**
 * SIGKILLs `worker` once the emulator has stored `stored` people and the worker has executions
 * under way; answers those executions and how many people were stored when it died.
 */
async function killMidRun(worker: Worker, emulator: Emulator, stored: number) {
	for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
		const finished = new Set(executions(worker.log(), 'finished'));
		const running = executions(worker.log(), 'started').filter((id) => !finished.has(id));
		if (running.length && emulator.contacts.length >= stored) {
			worker.kill();
			const at = Date.now();
			await worker.exited;
			return { running, stored: emulator.contacts.length, at };
		}
		await new Promise((done) => setTimeout(done, 50));
	}
	throw new Error(`worker 1 never had executions under way with ${stored} people stored`);
}

void testLines('queue', ['2'], async (major, folder) => {
	console.log(`n8n ${major}.x in queue mode, in ${folder}`);
	installServices();
	const stops: Stops = [];
	try {
		const emulator = await startEmulator({ backend: 'current' });
		stops.push(() => emulator.close());
		const shared = { ...(await startServices(folder, stops)), ...LOCKS };
		const main = join(folder, 'main');
		mkdirSync(main);
		const data = { authMode: 'secretKey', ...DEFAULT_ACCOUNT, baseUrl: emulator.url };
		const credentials = [{ ...CREDENTIAL, type: CREDENTIAL_TYPE, data }];
		const flows = { credentials, workflows: [syncPeople], publish: FLOW.id };
		const install = await setUpN8n(major, main, flows, shared);
		const starting = Promise.all([1, 2].map((n) => startWorker(install, folder, n, stops)));
		starting.catch(() => undefined); // awaited once the main is up, or dropped if it fails
		const server = await startServer(install, MAIN_PORT, { ...OWNER, password: 'Queue-pass1' });
		stops.unshift(server.stop);
		const workers = await starting;

		const people = spreadsheetRows(CALLS * PEOPLE);
		const post = async (call: number): Promise<Answer> => {
			const started = Date.now();
			const body = JSON.stringify({ people: people.slice(call * PEOPLE, (call + 1) * PEOPLE) });
			const headers = { 'Content-Type': 'application/json' };
			const url = `${server.url}/webhook/${WEBHOOK.path}`;
			const signal = AbortSignal.timeout(300_000);
			const answer = async (): Promise<Omit<Answer, 'seconds'>> => {
				const response = await fetch(url, { method: 'POST', headers, body, signal });
				const text = await response.text();
				const results = (() => {
					try {
						return JSON.parse(text) as IDataObject[];
					} catch {
						return null;
					}
				})();
				const whole = Array.isArray(results) && results.length === PEOPLE;
				if (response.status === 200 && whole && results.every((r) => r.id && r.result)) {
					return { problem: '', results };
				}
				return { problem: `HTTP ${response.status} ${text.slice(0, 200)}`, results: [] };
			};
			const got = await answer().catch((error: Error) => ({ problem: error.message, results: [] }));
			return { ...got, seconds: (Date.now() - started) / 1000 };
		};
		const tally = (answers: Answer[]) => {
			const counts: Record<string, number> = {};
			for (const { results } of answers) {
				for (const { result } of results)
					counts[String(result)] = (counts[String(result)] ?? 0) + 1;
			}
			return counts;
		};

		// All at once; worker 1 killed once a tenth of the people are stored.
		const calls = [...Array(CALLS).keys()];
		const posted = Date.now();
		const firstRound = Promise.all(calls.map(post));
		const killing = killMidRun(workers[0], emulator, (CALLS * PEOPLE) / 10);
		const [answers, killed] = await Promise.all([firstRound, killing.catch((e: Error) => e)]);
		const failed = calls.filter((call) => answers[call].problem);
		const slowest = (which: number[]) =>
			Math.max(...which.map((call) => answers[call].seconds)).toFixed(0);
		const kill =
			killed instanceof Error
				? killed.message
				: `killed after ${((killed.at - posted) / 1000).toFixed(0)} s with ${killed.running.length} executions under way (${killed.stored.toLocaleString('en')} people stored)`;
		const others = calls.filter((call) => !answers[call].problem);
		const how = [...new Set(failed.map((call) => answers[call].problem.split(' ', 2).join(' ')))];
		await check(
			`${CALLS} calls of ${PEOPLE.toLocaleString('en')} people at once, worker 1 ${kill}: ${failed.length} calls fail (${how.join(', ')}, within ${slowest(failed)} s), the other ${others.length} answer 200 (within ${slowest(others)} s), everyone in them created`,
			() => {
				if (killed instanceof Error) throw killed;
				const created = tally(others.map((call) => answers[call]));
				if (!failed.length || failed.length > killed.running.length) {
					throw new Error(`${failed.length} calls failed, ${killed.running.length} were under way`);
				}
				if (Object.keys(created).join() !== 'created') {
					throw new Error(`results: ${JSON.stringify(created)}`);
				}
				const problems = failed.map((call) => answers[call].problem);
				if (problems.some((problem) => !problem.startsWith('HTTP '))) {
					throw new Error(`not answered: ${problems.join('; ')}`);
				}
			},
		);

		// n8n does not run an execution whose worker died again: the caller posts it once more.
		const again = await Promise.all(failed.map(post));
		const counts = tally(again);
		const said = Object.entries(counts)
			.map(([result, n]) => `${n.toLocaleString('en')} ${result}`)
			.join(', ');
		const within = Math.max(...again.map((answer) => answer.seconds)).toFixed(0);
		await check(
			`the ${failed.length} failed calls posted again: each answers 200 with ${PEOPLE.toLocaleString('en')} results within ${within} s (${said}): those the killed runs stored are found`,
			() => {
				const bad = again.filter((answer) => answer.problem).map((answer) => answer.problem);
				if (bad.length)
					throw new Error(`${bad.length} calls otherwise answered: ${bad.join('; ')}`);
				if (!counts.unchanged) throw new Error('nobody the killed runs stored was found');
			},
		);
		await check(
			`the emulator stores ${(CALLS * PEOPLE).toLocaleString('en')} contacts, every posted phone once`,
			() => {
				const stored = new Map<string, number>();
				for (const { gsm } of emulator.contacts) stored.set(gsm, (stored.get(gsm) ?? 0) + 1);
				const lost = people.filter(({ phone }) => !stored.has(String(phone))).length;
				const duplicated = [...stored.values()].filter((times) => times > 1).length;
				const count = emulator.contacts.length;
				if (count !== CALLS * PEOPLE || lost || duplicated) {
					throw new Error(`${count} stored: ${lost} lost, ${duplicated} duplicated`);
				}
			},
		);
		const ran = workers.map((worker) => executions(worker.log(), 'started'));
		const runs = CALLS + failed.length;
		await check(
			`both workers ran executions (${ran.map((ids) => ids.length).join(' and ')}), each once: the ${runs} calls; none the kill cut short ran again`,
			() => {
				const all = ran.flat();
				if (ran.some((ids) => !ids.length) || all.length !== runs || new Set(all).size !== runs) {
					throw new Error(`executions per worker: ${JSON.stringify(ran)}`);
				}
				const cut = killed instanceof Error ? [] : killed.running;
				const rerun = cut.filter((id) => ran[1].includes(id));
				if (rerun.length) throw new Error(`run again by worker 2: ${rerun.join(', ')}`);
			},
		);
	} finally {
		// In reverse order of starting: n8n, then Postgres and Redis, the emulator last.
		const report = (error: Error) => console.log(`  stopping: ${error.message}`);
		for (const stop of stops) await Promise.resolve().then(stop).catch(report);
	}
});
