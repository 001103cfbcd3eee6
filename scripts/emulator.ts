/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- a command-line script, never shipped */
/**
 * The emulator on its own, for trying the node in a real n8n:
 *   node .out/scripts/emulator.js [--port 8790] [--seed 2345]
 */
import { DEFAULT_ACCOUNT, hashFor, startEmulator } from '../test/emulator';

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
	if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
	return value;
}

async function main() {
	const emulator = await startEmulator({ port: option('port', 8790) });
	const seed = option('seed', 2345);
	const surnames = ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Öztürk', 'Aydın'];
	emulator.generateContacts(seed, (i) => ({
		name: `Kişi${i}`,
		surname: surnames[i % surnames.length],
		email: `kisi${i}@example.com`,
		gsm: `53${String(i).padStart(8, '0')}`,
		groups: [i % 2 ? '1' : '2'],
	}));
	console.log(`iletiMerkezi emulator: ${emulator.url} (${seed} contacts)`);
	console.log(`  API key:    ${DEFAULT_ACCOUNT.apiKey}`);
	console.log(`  Secret key: ${DEFAULT_ACCOUNT.secretKey}`);
	console.log(`  API hash:   ${hashFor(DEFAULT_ACCOUNT.apiKey, DEFAULT_ACCOUNT.secretKey)}`);
	const stop = () => void emulator.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
