data "aws_region" "current" {}

locals {
  # Reading one callback token: the parameter itself, and its KMS key only when SSM decrypts that
  # parameter (SSM passes the parameter ARN as encryption context).
  read_callback_token = {
    for kind, parameter in var.callback_token_parameters : kind => [
      {
        sid       = "Read${title(kind)}CallbackToken"
        actions   = ["ssm:GetParameter"]
        resources = [parameter.arn]
      },
      {
        sid       = "Decrypt${title(kind)}CallbackToken"
        actions   = ["kms:Decrypt"]
        resources = [var.parameters_kms_key_arn]
        conditions = [{
          test     = "StringEquals"
          variable = "kms:EncryptionContext:PARAMETER_ARN"
          values   = [parameter.arn]
        }]
      },
    ]
  }

  # The failure queue is encrypted with the data key: a failed async event carries the job's PII.
  send_to_failure_queue = [{
    sid       = "EncryptFailedEvents"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.data_kms_key_arn]
    conditions = [{
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["sqs.${data.aws_region.current.region}.amazonaws.com"]
    }]
  }]

  # Settings every proofing function shares.
  async = {
    maximum_retry_attempts = 2
    # The IDP waits about 60 s for a result; an event older than this helps no one and would bill
    # the vendor again, so it goes to the failure queue instead.
    maximum_event_age_seconds = 300
    on_failure_queue_arn      = module.failures_queue.arn
  }
  default_size = { memory_size = 512, reserved_concurrency = -1 }
}

# Failed asynchronous invocations (after the retries) land here; the proofing-failure function will
# consume it and report the failure to the IDP.
module "failures_queue" {
  source = "../../modules/queue"

  name                       = "${var.environment}-proofing-failures"
  kms_key_arn                = var.data_kms_key_arn
  visibility_timeout_seconds = 180
  alarm_actions              = var.alarm_actions
}

module "proof_address" {
  source = "../../modules/function"

  name            = "${var.environment}-proof-address"
  app             = "proof-address"
  description     = "Address proofing job (phone finder), invoked asynchronously by the IDP."
  git_ref         = var.git_ref
  artifact_bucket = var.artifact_bucket

  environment = {
    ENVIRONMENT              = var.environment
    CALLBACK_TOKEN_PARAMETER = var.callback_token_parameters.address.name
    CALLBACK_ALLOWED_HOSTS   = join(",", var.callback_allowed_hosts)
    JOB_BUDGET_MS            = "45000"
    ADDRESS_VENDOR           = var.address_vendor
  }

  timeout_seconds      = 60
  memory_size          = try(var.function_sizes["proof-address"].memory_size, local.default_size.memory_size)
  reserved_concurrency = try(var.function_sizes["proof-address"].reserved_concurrency, local.default_size.reserved_concurrency)
  log_level            = var.log_level
  log_retention_days   = var.log_retention_days
  tracing_mode         = var.tracing_mode
  async                = local.async
  release_invoker_arns = var.idp_invoker_arns
  retained_releases    = lookup(var.retained_releases, "proof-address", {})
  policy_statements    = concat(local.read_callback_token.address, local.send_to_failure_queue)
  errors_alarm         = var.errors_alarm
  alarm_actions        = var.alarm_actions
}
