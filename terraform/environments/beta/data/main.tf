# Persistent resources of the environment: KMS keys, parameters, tables, buckets. Compute can be
# destroyed and re-created without touching this state.
module "settings" {
  source = "../settings"
}

provider "aws" {
  region              = module.settings.region
  allowed_account_ids = [module.settings.account_id]

  default_tags {
    tags = merge(module.settings.default_tags, { Layer = "data" })
  }
}

module "data" {
  source = "../../../stacks/data"

  environment             = module.settings.environment
  idp_principal_arns      = module.settings.idp_principal_arns
  document_upload_origins = module.settings.document_upload_origins
  proofing_vendor_secrets = module.settings.proofing_vendor_secrets
  messages                = module.settings.messages
}
