/**
 * Runs `task` over `inputs` with at most `limit` in flight, each result at its input's index.
 * Once `stopped()` is true no new task starts; those left unstarted stay `undefined`. Only
 * promises: no timers, nothing global, so it holds under n8n Cloud's rules.
 */
export async function mapConcurrently<T, R>(
	inputs: T[],
	limit: number,
	task: (input: T, index: number) => Promise<R>,
	stopped: () => boolean = () => false,
): Promise<Array<R | undefined>> {
	const results: Array<R | undefined> = new Array(inputs.length);
	let next = 0;
	const worker = async () => {
		while (next < inputs.length && !stopped()) {
			const index = next++;
			results[index] = await task(inputs[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
	return results;
}
