// The function's environment variables (declared in the lib); Terraform's composition is checked against this schema.
export { licensingReadConfigSchema as configSchema } from '@backend/licensing';
