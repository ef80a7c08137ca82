/** The `environment` Terraform variable of the local cloud: resource names start with it, as in AWS. */
export const LOCAL_ENVIRONMENT = 'local';
