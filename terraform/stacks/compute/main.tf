# Compute reads the data root module's outputs from its state: a plan fails early if the data root
# has not been applied in this account.
data "terraform_remote_state" "data" {
  backend = "s3"

  config = {
    bucket = var.state_bucket
    key    = var.data_state_key
    region = var.region
  }

  # Outputs added after a data root was first applied: until data is applied again, none of them exist.
  defaults = {
    proofing_vendor_secrets = {}
    # Empty until data is applied again; the proofing composition then refuses the plan, naming it.
    callback_signing_key_parameters = {}
  }
}

# This root module's own outputs from its previous apply: the release aliases each function had. They
# are kept (the IDP may still pin them) until listed in retired_releases, so an apply of a new git_ref
# never removes the alias an IDP invokes. Empty on the first apply.
data "terraform_remote_state" "previous" {
  backend = "s3"

  config = {
    bucket = var.state_bucket
    key    = var.compute_state_key
    region = var.region
  }

  defaults = {
    proofing_functions = {}
  }
}

locals {
  data = data.terraform_remote_state.data.outputs

  retained_releases = {
    for app, previous in data.terraform_remote_state.previous.outputs.proofing_functions : app => {
      for alias, version in previous.release_aliases : alias => version if !contains(var.retired_releases, alias)
    }
  }

  # Secrets each of those releases reads (absent for releases applied before this was recorded).
  retained_release_secrets = {
    for app, previous in data.terraform_remote_state.previous.outputs.proofing_functions :
    app => try(previous.release_secrets, {})
  }
}

resource "aws_sns_topic" "alarms" {
  name              = "${var.environment}-alarms"
  kms_master_key_id = local.data.data_kms_key_arn
}

resource "aws_sns_topic_subscription" "alarm_email" {
  for_each = toset(var.alarm_email_addresses)

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = each.value
}

module "proofing" {
  source = "../../services/proofing"

  environment               = var.environment
  git_ref                   = var.git_ref
  artifact_bucket           = var.artifact_bucket
  callback_token_parameters = local.data.callback_token_parameters
  callback_signing_keys     = local.data.callback_signing_key_parameters
  outcome_key_parameter     = local.data.outcome_key_parameter
  outcomes_table            = local.data.proofing_outcomes_table
  document_bucket           = local.data.proofing_documents_bucket
  vendor_secrets            = local.data.proofing_vendor_secrets
  parameters_kms_key_arn    = local.data.parameters_kms_key_arn
  data_kms_key_arn          = local.data.data_kms_key_arn
  idp_invoker_arns          = var.idp_principal_arns
  callback_allowed_hosts    = var.callback_allowed_hosts
  vendors                   = var.proofing_vendors
  function_sizes            = var.function_sizes
  log_level                 = var.log_level
  log_retention_days        = var.log_retention_days
  tracing_mode              = var.tracing_mode
  retained_releases         = local.retained_releases
  errors_alarm              = var.errors_alarm
  alarm_actions             = [aws_sns_topic.alarms.arn]

  speculative_artifact_hashes = var.speculative_artifact_hashes
  retained_release_secrets    = local.retained_release_secrets
}

module "messages" {
  source = "../../services/messages"

  environment            = var.environment
  git_ref                = var.git_ref
  artifact_bucket        = var.artifact_bucket
  tables                 = local.data.messages_tables
  content_keyring_secret = local.data.messages_content_keyring_secret
  messages_kms_key_arn   = local.data.messages_kms_key_arn
  mail_identity_arn      = local.data.messages_mail_identity.arn
  mail_from              = var.messages.mail_from
  api_throttling         = var.messages.api_throttling
  custom_domain          = var.messages.custom_domain
  function_sizes         = var.function_sizes
  log_level              = var.log_level
  log_retention_days     = var.log_retention_days
  tracing_mode           = var.tracing_mode
  errors_alarm           = var.errors_alarm
  alarm_actions          = [aws_sns_topic.alarms.arn]

  speculative_artifact_hashes = var.speculative_artifact_hashes
}

# The accounts service (issue 11): its functions, HTTP API and pages; its data is in the data root.
module "accounts" {
  source = "../../services/accounts"

  environment         = var.environment
  git_ref             = var.git_ref
  artifact_bucket     = var.artifact_bucket
  users_table         = local.data.accounts_users_table
  rate_limit_table    = local.data.accounts_rate_limit_table
  session_keys_secret = local.data.accounts_session_keys_secret
  pages_bucket        = local.data.accounts_pages_bucket
  identity_pool       = var.accounts.federate_logins ? local.data.accounts_identity_pool : null
  data_kms_key_arn    = local.data.data_kms_key_arn
  mail_from           = var.accounts.mail_from
  mail_identity_arn   = "arn:aws:ses:${var.region}:${data.aws_caller_identity.current.account_id}:identity/${var.accounts.mail_domain}"
  log_level           = var.log_level
  log_retention_days  = var.log_retention_days
  tracing_mode        = var.tracing_mode
  errors_alarm        = var.errors_alarm
  alarm_actions       = [aws_sns_topic.alarms.arn]

  speculative_artifact_hashes = var.speculative_artifact_hashes
}

data "aws_caller_identity" "current" {}

# Licensing (docs/licensing.md): boards' uploads and JSON writes behind a JWT-authorised HTTP API.
module "licensing" {
  source = "../../services/licensing"

  environment            = var.environment
  git_ref                = var.git_ref
  artifact_bucket        = var.artifact_bucket
  providers_table        = local.data.licensing_providers_table
  uploads_table          = local.data.licensing_uploads_table
  upload_bucket          = local.data.licensing_upload_bucket
  data_key_parameter     = local.data.licensing_data_key_parameter
  parameters_kms_key_arn = local.data.parameters_kms_key_arn
  data_kms_key_arn       = local.data.data_kms_key_arn
  jwt_issuer             = var.licensing_api.jwt_issuer
  jwt_audience           = var.licensing_api.jwt_audience
  registrations_table    = local.data.licensing_registrations_table
  flag_parameters        = local.data.licensing_flag_parameters
  recaptcha_secret       = local.data.licensing_recaptcha_secret
  read_api               = var.licensing_read_api
  mail_identity_arn      = "arn:aws:ses:${var.region}:${data.aws_caller_identity.current.account_id}:identity/${var.licensing_read_api.mail_domain}"
  function_sizes         = var.function_sizes
  log_level              = var.log_level
  log_retention_days     = var.log_retention_days
  tracing_mode           = var.tracing_mode
  errors_alarm           = var.errors_alarm
  alarm_actions          = [aws_sns_topic.alarms.arn]

  speculative_artifact_hashes = var.speculative_artifact_hashes
}
