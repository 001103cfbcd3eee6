/** How n8n names this package's node and credential: `<package name>.<description.name>`. */
export const PACKAGE_NAME = 'n8n-nodes-iletimerkezi';
export const NODE_TYPE = `${PACKAGE_NAME}.iletiMerkezi`;
export const CREDENTIAL_TYPE = 'iletiMerkeziApi';
