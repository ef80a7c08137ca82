# Functions, queues and APIs of the environment, all running the artifacts of one commit (git_ref).
module "settings" {
  source = "../settings"
}

provider "aws" {
  region              = module.settings.region
  allowed_account_ids = [module.settings.account_id]

  default_tags {
    tags = merge(module.settings.default_tags, { Layer = "compute" })
  }
}

module "compute" {
  source = "../../../stacks/compute"

  environment            = module.settings.environment
  region                 = module.settings.region
  git_ref                = var.git_ref
  artifact_bucket        = module.settings.artifact_bucket
  state_bucket           = module.settings.state_bucket
  data_state_key         = "environments/${module.settings.environment}/data.tfstate"
  compute_state_key      = "environments/${module.settings.environment}/compute.tfstate"
  idp_principal_arns     = module.settings.idp_principal_arns
  callback_allowed_hosts = module.settings.callback_allowed_hosts
  proofing_vendors       = module.settings.compute.proofing_vendors
  function_sizes         = module.settings.compute.function_sizes
  log_level              = module.settings.compute.log_level
  log_retention_days     = module.settings.compute.log_retention_days
  tracing_mode           = module.settings.compute.tracing_mode
  errors_alarm           = module.settings.compute.errors_alarm
  alarm_email_addresses  = module.settings.compute.alarm_email_addresses
  retired_releases       = module.settings.compute.retired_releases
  licensing_api          = module.settings.compute.licensing_api
  messages               = module.settings.compute.messages
  accounts               = module.settings.compute.accounts
  licensing_read_api     = module.settings.compute.licensing_read_api

  # Branch plans only (CI): the branch's own build, never published; empty in every applied plan.
  speculative_artifact_hashes = var.speculative_artifact_hashes
}
