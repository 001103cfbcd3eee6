/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- a command-line script that drives n8n, never shipped */
/**
 * `npm start`: a real n8n 2.x on http://localhost:5678 with this package installed from its
 * `npm pack` tarball, the emulator playing iletiMerkezi with demo data, an owner account, an
 * iletiMerkezi credential and two demo workflows. Ctrl-C stops both.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEFAULT_ACCOUNT } from './emulator';
import type { DemoInstance } from './demo-instance';
import { DEMO_CONTACTS, DEMO_WORKFLOWS, OWNER, startDemo } from './demo-instance';
import { CACHE_DIR } from './n8n';

const PORT = Number(process.env.N8N_PORT ?? 5678);
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 8790);
const BACKEND = process.env.EMULATOR_BACKEND ?? 'current';

let starting: Promise<DemoInstance> | undefined;
let stopping = false;
const userFolder = join(CACHE_DIR, 'start-user');
const logFile = join(userFolder, 'n8n.log');

async function stop(code: number) {
	if (stopping) return;
	stopping = true;
	try {
		// A signal during start-up stops the demo as soon as it is up, leaving nothing behind.
		const demo = await starting?.catch(() => undefined);
		if (demo) {
			await demo.stop();
			writeFileSync(logFile, demo.n8n.log());
		}
	} catch (error) {
		console.error(error);
		code ||= 1;
	} finally {
		process.exit(code);
	}
}

async function main() {
	if (BACKEND !== 'current' && BACKEND !== 'classic') {
		throw new Error(`EMULATOR_BACKEND is "${BACKEND}": give current or classic`);
	}
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	// A fresh instance each start, so the demo is always the same.
	starting = startDemo({
		userFolder,
		port: PORT,
		emulatorPort: EMULATOR_PORT,
		backend: BACKEND,
		progress: (message) => console.log(message),
	});
	const demo = await starting;
	if (stopping) return;
	void demo.n8n.exited.then(() => {
		if (!stopping) console.error(`n8n stopped on its own; its log: ${logFile}`);
		void stop(stopping ? 0 : 1);
	});

	const url = demo.n8n.url;
	console.log(`
n8n is ready: ${url}
  Log in:     ${OWNER.email} / ${OWNER.password}
  Workflows:  "${DEMO_WORKFLOWS.add.name}" (published webhook)
              "${DEMO_WORKFLOWS.search.name}" (open it and click Execute workflow)
              "${DEMO_WORKFLOWS.group.name}" (the same, with a group picked from a list)
  Try:        curl -X POST ${url}/webhook/${DEMO_WORKFLOWS.add.webhookPath} \\
                -H 'Content-Type: application/json' \\
                -d '{"phone":"5321234567","name":"Ayşe","surname":"Yılmaz","city":"İstanbul"}'
  Emulator:   ${demo.emulator.url} (${BACKEND} backend, API key ${DEFAULT_ACCOUNT.apiKey}, ${DEMO_CONTACTS.toLocaleString('en')} contacts)
Ctrl-C stops n8n and the emulator. n8n's log is written to ${logFile}`);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	void stop(1);
});
