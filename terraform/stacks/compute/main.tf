# Compute reads the data root module's outputs from its state: a plan fails early if the data root
# has not been applied in this account.
data "terraform_remote_state" "data" {
  backend = "s3"

  config = {
    bucket = var.state_bucket
    key    = var.data_state_key
    region = var.region
  }
}

locals {
  data = data.terraform_remote_state.data.outputs
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
  parameters_kms_key_arn    = local.data.parameters_kms_key_arn
  data_kms_key_arn          = local.data.data_kms_key_arn
  idp_invoker_arns          = var.idp_principal_arns
  callback_allowed_hosts    = var.callback_allowed_hosts
  address_vendor            = var.address_vendor
  function_sizes            = var.function_sizes
  log_level                 = var.log_level
  log_retention_days        = var.log_retention_days
  tracing_mode              = var.tracing_mode
  retained_releases         = var.retained_releases
  errors_alarm              = var.errors_alarm
  alarm_actions             = [aws_sns_topic.alarms.arn]
}
