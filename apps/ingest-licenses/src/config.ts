// The function's environment variables (every licensing function reads the same ones, declared in the lib);
// Terraform's composition is checked against this schema.
export { licensingConfigSchema as configSchema } from '@backend/licensing';
