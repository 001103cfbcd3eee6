import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestOptions,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, deepCopy } from 'n8n-workflow';

/** A stored credential, as the n8n database would hold it (decrypted). */
export interface StoredCredential {
	type: string;
	name?: string;
	data: ICredentialDataDecryptedObject;
}

/** Stored credentials by credential id, the id a node's `credentials` entry refers to. */
export type CredentialStore = Record<string, StoredCredential>;

export class CredentialTypeRegistry {
	private readonly types = new Map<string, ICredentialType>();

	constructor(types: ICredentialType[]) {
		for (const type of types) this.types.set(type.name, type);
	}

	getByName(name: string): ICredentialType {
		const type = this.types.get(name);
		if (type === undefined) throw new Error(`Unknown credential type "${name}"`);
		return type;
	}
}

/**
 * The credentials side of n8n for one execution, for a credential like ours: stored data with the
 * type's defaults filled in, and requests signed by the type's `authenticate` function. No
 * database, encryption, expressions in credential data, inheritance, OAuth or pre-authentication:
 * this package has none of them.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: CredentialTypeRegistry,
		private readonly store: CredentialStore = {},
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes.getByName(type).properties;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.credentialTypes.getByName(typeName);
		if (typeof authenticate !== 'function') {
			throw new Error(`The harness signs requests only with an authenticate function`);
		}
		return await authenticate(credentials, requestOptions);
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new Error(`getCredentials("${type}") is not supported by the engine harness`);
	}

	async getDecrypted(
		_additionalData: unknown,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const { id, name } = nodeCredentials;
		const stored = id ? this.store[id] : undefined;
		// Worded like n8n's CredentialNotFoundError.
		if (stored === undefined || stored.type !== type) {
			throw new Error(`Credential "${name}" (ID "${id}") does not exist for type "${type}".`);
		}
		return this.withDefaults(stored.data, type);
	}

	/** The data as the credential form saves it: the type's defaults filled in, in a copy. */
	withDefaults(data: ICredentialDataDecryptedObject, type: string): ICredentialDataDecryptedObject {
		return NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			deepCopy(data) as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}
