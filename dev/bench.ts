/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- a command-line script, never shipped */
/**
 * Speed and memory of the node in n8n's engine against the emulator on 127.0.0.1, with targets.
 * Exits non-zero when a target is missed. `npm run bench` (it runs with --expose-gc).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startEmulator } from './emulator';
import {
	addFromRows,
	secretKeyCredentials,
	createIletiMerkeziEngine,
	iletiMerkeziNode,
} from './fixtures';

interface Case {
	name: string;
	/** Wall-clock target in ms, with room for a loaded 2-core machine. */
	targetMs: number;
	/** Target for the heap growth while it runs, in MB. */
	targetHeapMb: number;
	run(): Promise<{ items: number; requests: number }>;
}

const rows = (count: number): IDataObject[] =>
	Array.from({ length: count }, (_, i) => ({
		phone: `53${String(i).padStart(8, '0')}`,
		first_name: `Ad${i}`,
		last_name: 'Yılmaz',
		email: `kisi${i}@example.com`,
		city: 'İstanbul',
		groups: '1, 11',
	}));

async function main() {
	const emulator = await startEmulator();
	const engine = createIletiMerkeziEngine();
	const credentials = secretKeyCredentials(emulator);
	// The same fields as fixed values: what the node costs without n8n's expression evaluation.
	const fixed = {
		gsm: '5321234567',
		name: 'Ayşe',
		surname: 'Yılmaz',
		email: 'ayse@example.com',
		groupIds: ['1', '11'],
		customFields: { field: [{ id: '1', value: 'İstanbul' }] },
	};
	const add =
		(count: number, batchSize: number, fields: IDataObject = addFromRows) =>
		async () => {
			emulator.clear();
			const { error, output } = await engine.runWorkflow({
				items: rows(count),
				credentials,
				nodes: [
					iletiMerkeziNode({
						resource: 'contact',
						operation: 'add',
						...fields,
						options: { batchSize },
					}),
				],
			});
			if (error) throw error;
			return { items: output('iletiMerkezi').length, requests: emulator.requests.length };
		};
	const search = (matches: number) => async () => {
		emulator.clear();
		emulator.generateContacts(matches, (i) => ({
			name: `Ad${i}`,
			surname: 'Yılmaz',
			gsm: `53${String(i).padStart(8, '0')}`,
		}));
		const requestsBefore = emulator.requests.length;
		const { error, output } = await engine.runWorkflow({
			credentials,
			nodes: [
				iletiMerkeziNode({
					resource: 'contact',
					operation: 'search',
					searchKey: 'Yılmaz',
					returnAll: true,
				}),
			],
		});
		if (error) throw error;
		return {
			items: output('iletiMerkezi').length,
			requests: emulator.requests.length - requestsBefore,
		};
	};

	const cases: Case[] = [
		{
			name: 'Add 10,000 items, batch size 100',
			targetMs: 15000,
			targetHeapMb: 400,
			run: add(10000, 100),
		},
		{
			name: 'Add 10,000 items, fixed values',
			targetMs: 5000,
			targetHeapMb: 400,
			run: add(10000, 100, fixed),
		},
		{
			name: 'Add 10,000 items, batch size 1000',
			targetMs: 15000,
			targetHeapMb: 400,
			run: add(10000, 1000),
		},
		{
			name: 'Search Return All, 50,000 matches',
			targetMs: 10000,
			targetHeapMb: 400,
			run: search(50000),
		},
	];

	await add(200, 100)(); // warm-up: module loading and JIT out of the measurements
	let missed = 0;
	console.log(
		'case                                   items  requests     ms  ms/item  heap+MB  target',
	);
	for (const benchCase of cases) {
		global.gc?.();
		const heapBefore = process.memoryUsage().heapUsed;
		let heapPeak = heapBefore;
		const sampler = setInterval(() => {
			heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
		}, 5);
		const started = process.hrtime.bigint();
		const { items, requests } = await benchCase.run();
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		clearInterval(sampler);
		heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
		const heapMb = (heapPeak - heapBefore) / 2 ** 20;
		const ok = ms <= benchCase.targetMs && heapMb <= benchCase.targetHeapMb;
		if (!ok) missed++;
		console.log(
			`${benchCase.name.padEnd(38)} ${String(items).padStart(6)} ${String(requests).padStart(9)} ${ms.toFixed(0).padStart(6)} ${(ms / items).toFixed(3).padStart(8)} ${heapMb.toFixed(0).padStart(8)}  ${ok ? 'met' : 'MISSED'} (≤ ${benchCase.targetMs} ms, ≤ ${benchCase.targetHeapMb} MB)`,
		);
	}
	await emulator.close();
	missed += await onTodaysBackend(engine);
	if (missed) {
		console.error(`${missed} target(s) missed`);
		process.exitCode = 1;
	}
}

/**
 * Today's backend (one person per add-contact request) behind a 50 ms link: what concurrency
 * buys, and the requests of Contact › Get Many over a group of 2,345.
 */
async function onTodaysBackend(engine: ReturnType<typeof createIletiMerkeziEngine>) {
	const emulator = await startEmulator({ backend: 'current', delayMs: 50 });
	const credentials = secretKeyCredentials(emulator);
	const run = async (parameters: INodeParameters, items: IDataObject[] = [{}]) => {
		const requestsBefore = emulator.requests.length;
		const started = process.hrtime.bigint();
		const { error, output } = await engine.runWorkflow({
			items,
			credentials,
			nodes: [iletiMerkeziNode(parameters)],
		});
		if (error) throw error;
		return {
			ms: Number(process.hrtime.bigint() - started) / 1e6,
			items: output('iletiMerkezi').length,
			requests: emulator.requests.length - requestsBefore,
		};
	};
	const addAt = async (concurrency: number) => {
		emulator.clear();
		return await run({ ...addFromRows, options: { concurrency } }, rows(1000));
	};

	console.log('\nToday’s backend, 50 ms per request');
	const serial = await addAt(1);
	const parallel = await addAt(8);
	const speedup = serial.ms / parallel.ms;
	for (const [label, result] of [
		['Add 1,000, concurrency 1', serial],
		['Add 1,000, concurrency 8', parallel],
	] as const) {
		console.log(
			`${label.padEnd(38)} ${String(result.items).padStart(6)} ${String(result.requests).padStart(9)} ${result.ms.toFixed(0).padStart(6)}`,
		);
	}
	let missed = 0;
	const speedupMet = speedup >= 6;
	if (!speedupMet) missed++;
	console.log(
		`concurrency 8 vs 1: ${speedup.toFixed(1)}× faster  ${speedupMet ? 'met' : 'MISSED'} (≥ 6×)`,
	);

	emulator.clear();
	emulator.generateContacts(2345, (i) => ({ name: `Üye${i}`, groups: ['12'] }));
	const getMany = await run({
		resource: 'contact',
		operation: 'getMany',
		groupId: { __rl: true, mode: 'id', value: '12' },
		returnAll: true,
	});
	const pagesMet = getMany.items === 2345 && getMany.requests === 3;
	if (!pagesMet) missed++;
	console.log(
		`Get Many over a group of 2,345: ${getMany.items} items in ${getMany.requests} requests, ${getMany.ms.toFixed(0)} ms  ${pagesMet ? 'met' : 'MISSED'} (3 requests)`,
	);
	await emulator.close();
	return missed;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
