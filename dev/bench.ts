/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- a command-line script, never shipped */
/**
 * Speed and memory of the node in n8n's engine against the emulator on 127.0.0.1, with targets.
 * Exits non-zero when a target is missed. `npm run bench` (it runs with --expose-gc).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Emulator } from './emulator';
import { startEmulator } from './emulator';
import {
	addFromRows,
	createIletiMerkeziEngine,
	iletiMerkeziNode,
	secretKeyCredentials,
	spreadsheetRows,
} from './fixtures';

const engine = createIletiMerkeziEngine();

/** One run of our node over `items`: its time, its requests and the heap it grew by at most. */
async function measure(emulator: Emulator, parameters: INodeParameters, items: IDataObject[]) {
	global.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	let heapPeak = heapBefore;
	const sampler = setInterval(() => {
		heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
	}, 5);
	const requestsBefore = emulator.requests.length;
	const started = process.hrtime.bigint();
	const { error, output } = await engine.runWorkflow({
		items,
		credentials: secretKeyCredentials(emulator),
		nodes: [iletiMerkeziNode(parameters)],
	});
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	clearInterval(sampler);
	if (error) throw error;
	return {
		ms,
		items: output('iletiMerkezi').length,
		requests: emulator.requests.length - requestsBefore,
		heapMb: (Math.max(heapPeak, process.memoryUsage().heapUsed) - heapBefore) / 2 ** 20,
	};
}

let missed = 0;
function report(
	name: string,
	result: Awaited<ReturnType<typeof measure>>,
	target: string,
	met: boolean,
) {
	if (!met) missed++;
	const { items, requests, ms, heapMb } = result;
	console.log(
		`${name.padEnd(40)} ${String(items).padStart(6)} ${String(requests).padStart(8)} ${ms.toFixed(0).padStart(7)} ${heapMb.toFixed(0).padStart(7)}  ${met ? 'met' : 'MISSED'} (${target})`,
	);
}

async function main() {
	console.log(`${'case'.padEnd(40)}  items requests      ms heap+MB  target`);
	const local = await startEmulator();
	// The same fields as fixed values: what the node costs without n8n's expression evaluation.
	const fixed = {
		...addFromRows,
		gsm: '5321234567',
		name: 'Ayşe',
		surname: 'Yılmaz',
		email: 'ayse@example.com',
		groupIds: ['1', '11'],
		customFields: { field: [{ id: '1', value: 'İstanbul' }] },
	};
	await measure(local, addFromRows, spreadsheetRows(200)); // warm-up: loading and JIT
	for (const [name, parameters, targetMs] of [
		['Add 10,000, mapped by expressions', addFromRows, 15000],
		['Add 10,000, fixed values', fixed, 5000],
	] as const) {
		local.clear();
		const result = await measure(local, parameters, spreadsheetRows(10000));
		const met = result.ms <= targetMs && result.heapMb <= 400;
		report(name, result, `≤ ${targetMs} ms, ≤ 400 MB`, met);
	}
	local.clear();
	local.generateContacts(50000, (i) => ({ name: `Ad${i}`, surname: 'Yılmaz' }));
	const search = { resource: 'contact', operation: 'search', searchKey: 'Yılmaz', returnAll: true };
	const found = await measure(local, search, [{}]);
	report(
		'Search Return All, 50,000 matches',
		found,
		'≤ 10000 ms, ≤ 400 MB',
		found.ms <= 10000 && found.heapMb <= 400,
	);
	await local.close();

	// Today's backend (one add-contact per person) behind a 50 ms link.
	const today = await startEmulator({ backend: 'current', delayMs: 50 });
	console.log('Today’s backend, 50 ms per request');
	const serial = await measure(
		today,
		{ ...addFromRows, options: { concurrency: 1 } },
		spreadsheetRows(1000),
	);
	report('Add 1,000, concurrency 1', serial, 'the baseline', true);
	today.clear();
	const parallel = await measure(
		today,
		{ ...addFromRows, options: { concurrency: 8 } },
		spreadsheetRows(1000),
	);
	const speedup = serial.ms / parallel.ms;
	report(
		`Add 1,000, concurrency 8: ${speedup.toFixed(1)}× faster`,
		parallel,
		'≥ 6× faster',
		speedup >= 6,
	);
	today.clear();
	today.generateContacts(2345, (i) => ({ name: `Üye${i}`, groups: ['12'] }));
	const group = { __rl: true, mode: 'id', value: '12' };
	const getMany = await measure(
		today,
		{ resource: 'contact', operation: 'getMany', groupId: group, returnAll: true },
		[{}],
	);
	report(
		'Get Many over a group of 2,345',
		getMany,
		'2,345 items in 3 requests',
		getMany.items === 2345 && getMany.requests === 3,
	);
	await today.close();

	if (missed) {
		console.error(`${missed} target(s) missed`);
		process.exitCode = 1;
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
