/**
 * Add Contact parameters that map a spreadsheet's columns (phone, first_name, last_name, email,
 * groups, city) with expressions: the shape the specs, the demo, the benchmark and the
 * end-to-end runs all feed in.
 */
export const addFromRows = {
	resource: 'contact',
	operation: 'add',
	gsm: '={{ $json.phone }}',
	name: '={{ $json.first_name }}',
	surname: '={{ $json.last_name }}',
	email: '={{ $json.email }}',
	groupIds: '={{ $json.groups }}',
	customFields: { field: [{ id: '1', value: '={{ $json.city }}' }] },
};
