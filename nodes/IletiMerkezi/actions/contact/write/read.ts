import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NodeFailure } from '../../items';
import { itemError } from '../../items';
import { parameterReader } from '../../../helpers/reader';
import { autoContactReader } from '../autoMap';
import { checkContact, contactInputReader, toApiContact } from '../fields';

const NO_FIELDS = {
	autoMapInputData: {
		message: 'The item has no phone number, name, surname or email column',
		description:
			'Map Automatically reads columns such as phone, name, surname and email (the list is under Mapping Mode); rename the column, or choose Map Each Field Below.',
	},
	defineBelow: {
		message: 'The contact has no phone number, name, surname or email',
		description:
			'Fill in at least one of Phone Number, Name, Surname or Email; if they are expressions, check that they give a value for this item.',
	},
};

/**
 * Each item as the API's contact object, checked, or the reason it cannot be sent (the item's
 * error). Every parameter is prepared once for the whole run, so an item costs as little as
 * its values allow.
 */
export function readPeople(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
): Array<IDataObject | NodeFailure> {
	const read = parameterReader(ctx, items);
	const mode = ctx.getNodeParameter('mappingMode', 0, 'defineBelow') as keyof typeof NO_FIELDS;
	const input =
		mode === 'autoMapInputData'
			? autoContactReader(ctx, items, read)
			: contactInputReader(ctx, read);
	const normalizePhone = ctx.getNodeParameter('options.normalizePhone', 0, true) as boolean;
	const node = ctx.getNode();
	return items.map((_, itemIndex) => {
		try {
			const contact = input(itemIndex);
			if (!contact.gsm && !contact.name && !contact.surname && !contact.email) {
				const { message, description } = NO_FIELDS[mode];
				throw new NodeOperationError(node, message, { itemIndex, description });
			}
			return toApiContact(checkContact(node, contact, itemIndex, normalizePhone));
		} catch (error) {
			return itemError(node, error, itemIndex);
		}
	});
}
