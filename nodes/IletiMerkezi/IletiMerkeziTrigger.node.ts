import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { REPORT_STATUSES, readReports, secretProblem, wanted } from './trigger/reports';

/**
 * The webhook's path below n8n's `/webhook/<id>/`: `delivery-report`, then the secret when one is
 * set, kept to the characters a URL carries as they are (a `:` would make the segment match any
 * path, a `/` would add a level). A secret with any other character is refused when the workflow is
 * published (see `checkExists`), so the URL never holds less than what was typed.
 */
const PATH =
	'={{ "delivery-report" + ($parameter["secret"] ? "/" + String($parameter["secret"]).replace(/[^A-Za-z0-9_-]/g, "") : "") }}';

/**
 * Starts a workflow for each delivery report iletiMerkezi posts.
 *
 * No credential: the provider neither signs its reports nor sends any header to check, so an API
 * key here could verify nothing, and would only give a node that never calls the API access to
 * the account. What keeps strangers out is the URL itself: the random id n8n puts in it, and the
 * optional secret, both known only to the account's panel.
 */
export class IletiMerkeziTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'iletiMerkezi Trigger',
		name: 'iletiMerkeziTrigger',
		icon: { light: 'file:iletimerkezi.svg', dark: 'file:iletimerkezi.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Delivery reports: " + $parameter["statuses"].join(", ") }}',
		description:
			'Starts the workflow when iletiMerkezi reports an SMS accepted, delivered or undelivered',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-iletimerkezi',
		defaults: { name: 'iletiMerkezi Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Answered at once: 200, whether a run was started or the report filtered out.
				responseMode: 'onReceived',
				// Without it n8n answers a started run with the text "firstEntryJson".
				responseData: '',
				path: PATH,
			},
		],
		properties: [
			{
				displayName:
					'In the iletiMerkezi panel, open <b>Settings › API</b> and paste this node’s <b>Production URL</b> (under <i>Webhook URLs</i> above) into <b>Notification URL</b>. Then publish the workflow (n8n 1.x: activate it): reports start runs only while it is published. The <i>Test URL</i> answers only while the editor listens for a test event.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: [
					{
						name: 'Accepted',
						value: 'accepted',
						description: 'The operator took the message; delivered or undelivered follows',
					},
					{
						name: 'Delivered',
						value: 'delivered',
						description: 'The message reached the phone',
					},
					{
						name: 'Undelivered',
						value: 'undelivered',
						description:
							'The message could not be delivered (phone off network, blacklisted, bad number)',
					},
				],
				default: [...REPORT_STATUSES],
				description:
					'The reports that start a run (none picked: all); the others are answered and ignored. A report whose status is missing or unknown always starts one.',
			},
			{
				displayName: 'Secret',
				name: 'secret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				noDataExpression: true,
				placeholder: 'e.g. 7f3k9q2x',
				description:
					'Optional. Added to the URL so only iletiMerkezi, which has the URL, can post reports: a post to any other path starts nothing. Letters A–Z and a–z, digits, - and _ only: a secret with any other character is refused when the workflow is published. Changing it changes the URL: paste the new one into the panel.',
			},
		],
	};

	// The URL is pasted into the panel by hand: iletiMerkezi has no method to register, look up or
	// remove it, so there is nothing to create, check or delete, and each step reports success.
	// n8n asks checkExists first whenever it sets the webhook up (publishing, listening for a test
	// event), so that is where a secret the URL cannot carry is refused.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const problem = secretProblem(this.getNodeParameter('secret', ''));
				if (problem) {
					throw new NodeOperationError(this.getNode(), 'The Secret cannot be used in the URL', {
						description: problem,
					});
				}
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	/**
	 * One item per report posted, in order. Reports whose status is filtered out are answered 200
	 * and start nothing; a body in an unknown shape is one item holding it whole, one nested too
	 * deep one item with an error.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const statuses = this.getNodeParameter('statuses', []) as string[];
		const reports = readReports(this.getBodyData()).filter((item) => wanted(item, statuses));
		if (reports.length === 0) return {};
		return { workflowData: [this.helpers.returnJsonArray(reports)] };
	}
}
