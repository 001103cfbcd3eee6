/* eslint-disable @n8n/community-nodes/no-restricted-imports,
	@n8n/community-nodes/no-restricted-globals -- test harness, never shipped */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ErrorReporter, InstanceSettings } from 'n8n-core';
import { Expression } from 'n8n-workflow';

type DiModule = typeof import('@n8n/di');

/** n8n's SSRF settings (`N8N_SSRF_*`), the fields the harness sets. */
interface SsrfSettings {
	enabled: boolean;
	blockedIpRanges: string[];
	allowedIpRanges: string[];
	allowedHostnames: string[];
	blockedHostnames: string[];
}

let prepared = false;

/**
 * n8n-core's own copy of `@n8n/di`. n8n-core pins a newer `@n8n/di` than the one hoisted to the
 * top level (pulled in by `@n8n/node-cli`), so `import { Container } from '@n8n/di'` here would
 * give a second, empty container that n8n-core never reads. Resolving from n8n-core's directory
 * finds whichever copy n8n-core itself loads, nested or hoisted.
 */
export function coreContainer(): DiModule['Container'] {
	return requireFromCore<DiModule>('@n8n/di').Container;
}

function requireFromCore<T>(id: string): T {
	const coreDir = path.dirname(require.resolve('n8n-core'));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(require.resolve(id, { paths: [coreDir] })) as T;
}

/**
 * One-time process setup for running n8n-core outside the n8n CLI. Idempotent.
 *
 * - InstanceSettings: the real one reads or creates `~/.n8n/config` (with a generated encryption
 *   key) the first time any node context is built; tests must not touch the home directory, so a
 *   stand-in with the few fields node contexts read is registered instead.
 * - ErrorReporter: n8n reports every node error to Sentry and logs it with its stack; here the
 *   error is in the run's result already, so reporting is a no-op to keep test output readable.
 * - Egress: n8n's own SSRF protection, inverted to allow loopback only, so a node or credential
 *   test that falls back to a real API URL fails at once instead of leaving the machine. Skipped
 *   when `N8N_SSRF_PROTECTION_ENABLED` is set, to leave an explicit choice alone.
 * - Expressions: n8n 2.x can evaluate in isolated-vm, a native module not built here; the legacy
 *   in-process evaluator is what `N8N_EXPRESSION_ENGINE=legacy` selects.
 */
export function prepareCoreServices(): void {
	if (prepared) return;
	prepared = true;

	Expression.setExpressionEngine('legacy');

	const Container = coreContainer();
	const n8nFolder = path.join(tmpdir(), 'n8n-engine-harness');
	const settings = Object.assign(Object.create(InstanceSettings.prototype) as InstanceSettings, {
		n8nFolder,
		staticCacheDir: path.join(n8nFolder, 'cache'),
		customExtensionDir: path.join(n8nFolder, 'custom'),
		nodesDownloadDir: path.join(n8nFolder, 'nodes'),
		instanceType: 'main',
		instanceRole: 'leader',
		hostId: 'main-engine-harness',
		instanceId: 'engine-harness',
		hmacSignatureSecret: randomBytes(32).toString('hex'),
		settings: { encryptionKey: randomBytes(24).toString('base64') },
	});
	Container.set(InstanceSettings, settings);

	const reporter = Object.create(ErrorReporter.prototype) as ErrorReporter;
	Object.assign(reporter, { report: () => {} });
	Container.set(ErrorReporter, reporter);

	if (process.env.N8N_SSRF_PROTECTION_ENABLED === undefined) {
		const { SsrfProtectionConfig } = requireFromCore<{ SsrfProtectionConfig: new () => object }>(
			'@n8n/config',
		);
		// Read once when n8n-core's HTTP client is first built, which is after this.
		Object.assign(Container.get(SsrfProtectionConfig) as SsrfSettings, {
			enabled: true,
			blockedIpRanges: ['0.0.0.0/0', '::/0'],
			allowedIpRanges: ['127.0.0.0/8', '::1/128'],
			allowedHostnames: ['localhost'],
			blockedHostnames: [],
		} satisfies SsrfSettings);
	}
}
