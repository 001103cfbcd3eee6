/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- spec support, never shipped */
/**
 * Secret hygiene, checked in the specs that drive faults and hostile input: the secret key is
 * never in a request, an output item, an error or a log line, and the hash only in the
 * request's authentication block.
 */
import { inspect } from 'node:util';
import type { LogMetadata, Logger } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import type { RunResult } from '../dev/engine';
import type { Emulator } from '../dev/emulator';
import { HASH, SECRET } from '../dev/fixtures';

const show = (value: unknown) =>
	typeof value === 'string' ? value : inspect(value, { depth: 8, showHidden: true });

/** Every line n8n's logger and the console write from here on, each also written as usual. */
export function captureLogs(): string[] {
	const lines: string[] = [];
	const keep = (level: string) => (message: string, meta?: LogMetadata) => {
		lines.push(`${level} ${message} ${show(meta ?? {})}`);
	};
	const levels = ['error', 'warn', 'info', 'debug'] as const;
	const capture = Object.fromEntries(levels.map((level) => [level, keep(level)])) as Logger;
	LoggerProxy.init(capture);
	// n8n's own logger takes the proxy over when it starts: keep capturing beside it.
	const proxy = LoggerProxy as unknown as { init: (logger: Logger) => void };
	const init = proxy.init;
	proxy.init = (logger) =>
		init(
			Object.fromEntries(
				levels.map((level) => [
					level,
					(message: string, meta?: LogMetadata) => {
						capture[level](message, meta);
						logger[level](message, meta);
					},
				]),
			) as Logger,
		);
	for (const level of ['log', ...levels] as const) {
		const original = console[level].bind(console);
		jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
			lines.push(args.map(show).join(' '));
			original(...args);
		});
	}
	return lines;
}

/** Where the secret key or the hash turned up where it must not; [] when nowhere. */
export function secretLeaks(emulator: Emulator, result: RunResult, logs: string[]): string[] {
	const leaks: string[] = [];
	const scan = (where: string, text: string) => {
		if (text.includes(SECRET)) leaks.push(`${where}: the secret key`);
		if (text.includes(HASH)) leaks.push(`${where}: the hash`);
	};
	for (const request of emulator.requests) {
		if (request.rawBody.includes(SECRET)) leaks.push(`${request.apiMethod}: the secret key`);
		const outside = { ...request.body, request: { ...request.body?.request } };
		delete outside.request.authentication;
		scan(
			`${request.apiMethod} outside authentication`,
			show([outside, request.path, request.headers]),
		);
		// Only once in the raw body, and that is the authentication block's.
		if (request.rawBody.split(HASH).length > 2) leaks.push(`${request.apiMethod}: the hash twice`);
	}
	const runData = result.run.data.resultData.runData;
	scan('run data', show(runData));
	scan('error', show(result.error));
	if (result.error) {
		const { message, stack } = result.error;
		scan(
			'error text',
			`${message} ${(result.error as { description?: string }).description} ${stack}`,
		);
	}
	logs.forEach((line, i) => scan(`log line ${i}`, line));
	return leaks;
}

export function expectNoSecrets(emulator: Emulator, result: RunResult, logs: string[]) {
	expect(secretLeaks(emulator, result, logs)).toEqual([]);
}
