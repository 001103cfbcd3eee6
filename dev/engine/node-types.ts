import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';

/** The harness's start node, registered in every engine. */
export const START_NODE_TYPE = 'n8n-nodes-harness.start';
export const START_NODE_NAME = 'Start';

/** A node type under the full name workflows use for it, e.g. `n8n-nodes-foo.bar`. */
export interface NamedNodeType {
	type: string;
	nodeType: INodeType | IVersionedNodeType;
}

/**
 * The workflow's first node. The harness hands it the run's items as its input (the way n8n's
 * own NodeTestHarness feeds a trigger's output in), and it passes them on unchanged, so the next
 * node receives them with the pairedItem the engine assigns.
 */
export class StartNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Start (test)',
		name: 'start',
		group: ['trigger'],
		version: 1,
		description: 'Emits the items the test harness gives it',
		defaults: { name: START_NODE_NAME },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** The latest version a node type declares: what the editor puts on a newly added node. */
export function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version } = nodeType.description;
	return Array.isArray(version) ? version[version.length - 1] : version;
}

/** n8n-workflow's node type lookup, over an in-memory map keyed by full type name. */
export class NodeTypeRegistry implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	constructor(entries: NamedNodeType[]) {
		for (const { type, nodeType } of [
			{ type: START_NODE_TYPE, nodeType: new StartNode() },
			...entries,
		]) {
			this.types.set(type, nodeType);
		}
	}

	getByName(type: string): INodeType | IVersionedNodeType {
		return this.lookup(type);
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.lookup(type), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const type of this.types.keys()) known[type] = { className: type, sourcePath: '' };
		return known;
	}

	private lookup(type: string): INodeType | IVersionedNodeType {
		const nodeType = this.types.get(type);
		if (nodeType === undefined) {
			const known = [...this.types.keys()].join(', ');
			throw new Error(`Unknown node type "${type}" (registered: ${known})`);
		}
		return nodeType;
	}
}
