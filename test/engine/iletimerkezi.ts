import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	INodeCredentials,
	INodeType,
} from 'n8n-workflow';

import { IletiMerkeziApi } from '../../credentials/IletiMerkeziApi.credentials';
import { IletiMerkezi } from '../../nodes/IletiMerkezi/IletiMerkezi.node';
import { CREDENTIAL_TYPE, NODE_TYPE, PACKAGE_NAME } from '../support/names';
import type { CredentialStore, Engine, EngineNode, EngineRegistry } from './index';
import { createEngine } from './index';

export { CREDENTIAL_TYPE, NODE_TYPE, PACKAGE_NAME };
export const CREDENTIAL_ID = 'iletimerkezi-1';

/**
 * Our node and credential as n8n would load them from this package. The classes can be swapped
 * for other builds of them (e.g. the compiled ones in dist/).
 */
export function iletiMerkeziRegistry(
	classes: { node?: INodeType; credential?: ICredentialType } = {},
): EngineRegistry {
	const node = classes.node ?? new IletiMerkezi();
	return {
		nodeTypes: [{ type: `${PACKAGE_NAME}.${node.description.name}`, nodeType: node }],
		credentialTypes: [classes.credential ?? new IletiMerkeziApi()],
	};
}

export function createIletiMerkeziEngine(
	classes: { node?: INodeType; credential?: ICredentialType } = {},
): Engine {
	return createEngine(iletiMerkeziRegistry(classes));
}

/** A stored iletiMerkezi credential, for `runWorkflow`'s and `loadOptions`' `credentials`. */
export function iletiMerkeziCredentials(
	data: ICredentialDataDecryptedObject,
	id = CREDENTIAL_ID,
): CredentialStore {
	return { [id]: { type: CREDENTIAL_TYPE, name: 'iletiMerkezi account', data } };
}

/** A node's reference to that stored credential. */
export function iletiMerkeziCredentialRef(id = CREDENTIAL_ID): INodeCredentials {
	return { [CREDENTIAL_TYPE]: { id, name: 'iletiMerkezi account' } };
}

/** An iletiMerkezi node for `runWorkflow`'s `nodes`, using the stored credential. */
export function iletiMerkeziNode(
	parameters: EngineNode['parameters'],
	options: Partial<Omit<EngineNode, 'parameters' | 'type'>> = {},
): EngineNode {
	return {
		name: 'iletiMerkezi',
		type: NODE_TYPE,
		credentials: iletiMerkeziCredentialRef(),
		...options,
		parameters,
	};
}
