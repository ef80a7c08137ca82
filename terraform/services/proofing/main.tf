data "aws_region" "current" {}

locals {
  region = data.aws_region.current.region

  # The proofing job types: libs/contracts JOB_TYPES, which terraform/tests compare with this list.
  job_types = ["address", "resolution", "document"]

  # Reading one job kind's callback secrets, its token and its signing key: the parameters themselves, and
  # their KMS key only when SSM decrypts one of them (SSM passes the parameter ARN as encryption context).
  read_callback_secrets = {
    for kind, parameter in var.callback_token_parameters : kind => [
      {
        sid       = "Read${title(kind)}CallbackSecrets"
        actions   = ["ssm:GetParameter"]
        resources = [parameter.arn, var.callback_signing_keys[kind].arn]
      },
      {
        sid       = "Decrypt${title(kind)}CallbackSecrets"
        actions   = ["kms:Decrypt"]
        resources = [var.parameters_kms_key_arn]
        conditions = [{
          test     = "StringEquals"
          variable = "kms:EncryptionContext:PARAMETER_ARN"
          values   = [parameter.arn, var.callback_signing_keys[kind].arn]
        }]
      },
    ]
  }

  # Every job stores its first outcome (Powertools idempotency on the outcomes table), sealed with a key
  # derived from the outcome key parameter and its job type, so a retried invocation calls no vendor again.
  # A job reads and writes only its own job type's items: Powertools names them "proof-<kind>#<hash>"
  # (libs/proofing outcomeRecordPrefix), and dynamodb:LeadingKeys holds every key of a request to that prefix.
  remember_outcomes = {
    for kind in local.job_types : kind => [
      {
        sid       = "ReadOutcomeKey"
        actions   = ["ssm:GetParameter"]
        resources = [var.outcome_key_parameter.arn]
      },
      {
        sid       = "DecryptOutcomeKey"
        actions   = ["kms:Decrypt"]
        resources = [var.parameters_kms_key_arn]
        conditions = [{
          test     = "StringEquals"
          variable = "kms:EncryptionContext:PARAMETER_ARN"
          values   = [var.outcome_key_parameter.arn]
        }]
      },
      {
        sid       = "StoreOwnOutcomes"
        actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
        resources = [var.outcomes_table.arn]
        conditions = [{
          test     = "ForAllValues:StringLike"
          variable = "dynamodb:LeadingKeys"
          values   = ["proof-${kind}#*"]
        }]
      },
      {
        # DynamoDB decrypts the table key with the caller's credentials, naming the table.
        sid       = "UseOutcomesTableKey"
        actions   = ["kms:Decrypt"]
        resources = [var.data_kms_key_arn]
        conditions = [
          { test = "StringEquals", variable = "kms:ViaService", values = ["dynamodb.${local.region}.amazonaws.com"] },
          { test = "StringEquals", variable = "kms:EncryptionContext:aws:dynamodb:tableName", values = [var.outcomes_table.name] },
        ]
      },
    ]
  }

  # The failure queue is encrypted with the data key: a failed async event carries the job's PII.
  send_to_failure_queue = [{
    sid       = "EncryptFailedEvents"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.data_kms_key_arn]
    conditions = [
      { test = "StringEquals", variable = "kms:ViaService", values = ["sqs.${local.region}.amazonaws.com"] },
      { test = "StringEquals", variable = "kms:EncryptionContext:aws:sqs:arn", values = [module.failures_queue.arn] },
    ]
  }]

  # proof-document reads each image once and deletes it after the IDP has the result. No s3:ListBucket:
  # a missing image therefore reads as 403 (reported as "could not be read"), never as a key listing.
  read_and_delete_document_images = [
    {
      sid       = "ReadAndDeleteDocumentImages"
      actions   = ["s3:GetObject", "s3:DeleteObject"]
      resources = ["${var.document_bucket.arn}/*"]
    },
    {
      # With S3 Bucket Keys the encryption context is the bucket's ARN.
      sid       = "DecryptDocumentImages"
      actions   = ["kms:Decrypt"]
      resources = [var.data_kms_key_arn]
      conditions = [
        { test = "StringEquals", variable = "kms:ViaService", values = ["s3.${local.region}.amazonaws.com"] },
        { test = "StringEquals", variable = "kms:EncryptionContext:aws:s3:arn", values = [var.document_bucket.arn] },
      ]
    },
  ]

  # The secret of the vendor each step uses; a mock has none, so its function gets neither the
  # <STEP>_VENDOR_SECRET variable nor any secret permission (modules/function drops null secrets).
  vendor_secret = { for step, vendor in var.vendors : step => vendor == "mock" ? null : var.vendor_secrets[vendor] }

  consume_failure_queue = [{
    sid       = "DecryptFailedEvents"
    actions   = ["kms:Decrypt"]
    resources = [var.data_kms_key_arn]
    conditions = [
      { test = "StringEquals", variable = "kms:ViaService", values = ["sqs.${local.region}.amazonaws.com"] },
      { test = "StringEquals", variable = "kms:EncryptionContext:aws:sqs:arn", values = [module.failures_queue.arn] },
    ]
  }]

  # Settings every proofing job shares.
  async = {
    maximum_retry_attempts = 2
    # The IDP waits about 60 s for a result; an event older than this helps no one and would bill
    # the vendor again, so it goes to the failure queue instead.
    maximum_event_age_seconds = 300
    on_failure_queue_arn      = module.failures_queue.arn
  }
  callback_allowed_hosts = join(",", var.callback_allowed_hosts)
  # A job's budget within its 60 s timeout: time left to deliver a timed_out result, and the IDP
  # stops waiting at 60 s anyway.
  job_budget_ms = "45000"
  # Memory by app unless the environment's function_sizes says otherwise; CPU scales with it, and
  # proof-document decrypts three images.
  default_memory = { "proof-document" = 1024 }
  memory_size = {
    for app in keys(local.functions) :
    app => try(var.function_sizes[app].memory_size, lookup(local.default_memory, app, 512))
  }
  reserved_concurrency = {
    for app in keys(local.functions) :
    app => try(var.function_sizes[app].reserved_concurrency, -1)
  }

  # Environment variables every proofing function gets on top of its own.
  function_environment = {
    ENVIRONMENT            = var.environment
    CALLBACK_ALLOWED_HOSTS = local.callback_allowed_hosts
  }

  # The proofing functions by app, with what differs between them: module "functions" deploys one per entry,
  # so adding a function is one entry here. Every entry names every field (null or empty where it has none).
  # The jobs are invoked asynchronously by the IDP; proofing-failure is not invoked by anyone (no
  # release_invoker_arns, no async settings): it runs on the failure queue.
  functions = {
    "proof-address" = {
      description     = "Address proofing job (phone finder), invoked asynchronously by the IDP."
      timeout_seconds = 60
      environment = {
        CALLBACK_TOKEN_PARAMETER       = var.callback_token_parameters.address.name
        CALLBACK_SIGNING_KEY_PARAMETER = var.callback_signing_keys.address.name
        JOB_BUDGET_MS                  = local.job_budget_ms
        IDEMPOTENCY_TABLE              = var.outcomes_table.name
        RESULT_KEY_PARAMETER           = var.outcome_key_parameter.name
        ADDRESS_VENDOR                 = var.vendors.address
      }
      secrets = {
        ADDRESS_VENDOR_SECRET = local.vendor_secret.address
      }
      async                = local.async
      release_invoker_arns = var.idp_invoker_arns
      sqs_event_sources    = []
      policy_statements    = concat(local.read_callback_secrets.address, local.remember_outcomes.address, local.send_to_failure_queue)
    }
    "proof-resolution" = {
      description     = "Resolution proofing job (InstantVerify, then AAMVA state ID), invoked asynchronously by the IDP."
      timeout_seconds = 60
      environment = {
        CALLBACK_TOKEN_PARAMETER       = var.callback_token_parameters.resolution.name
        CALLBACK_SIGNING_KEY_PARAMETER = var.callback_signing_keys.resolution.name
        JOB_BUDGET_MS                  = local.job_budget_ms
        IDEMPOTENCY_TABLE              = var.outcomes_table.name
        RESULT_KEY_PARAMETER           = var.outcome_key_parameter.name
        RESOLUTION_VENDOR              = var.vendors.resolution
        STATE_ID_VENDOR                = var.vendors.state_id
      }
      secrets = {
        RESOLUTION_VENDOR_SECRET = local.vendor_secret.resolution
        STATE_ID_VENDOR_SECRET   = local.vendor_secret.state_id
      }
      async                = local.async
      release_invoker_arns = var.idp_invoker_arns
      sqs_event_sources    = []
      policy_statements    = concat(local.read_callback_secrets.resolution, local.remember_outcomes.resolution, local.send_to_failure_queue)
    }
    "proof-document" = {
      description     = "Document proofing job (encrypted images from S3, document vendor), invoked asynchronously by the IDP."
      timeout_seconds = 60
      environment = {
        CALLBACK_TOKEN_PARAMETER       = var.callback_token_parameters.document.name
        CALLBACK_SIGNING_KEY_PARAMETER = var.callback_signing_keys.document.name
        JOB_BUDGET_MS                  = local.job_budget_ms
        IDEMPOTENCY_TABLE              = var.outcomes_table.name
        RESULT_KEY_PARAMETER           = var.outcome_key_parameter.name
        DOCUMENT_BUCKET                = var.document_bucket.name
        DOCUMENT_VENDOR                = var.vendors.document
      }
      secrets = {
        DOCUMENT_VENDOR_SECRET = local.vendor_secret.document
      }
      async                = local.async
      release_invoker_arns = var.idp_invoker_arns
      sqs_event_sources    = []
      policy_statements    = concat(local.read_callback_secrets.document, local.remember_outcomes.document, local.read_and_delete_document_images, local.send_to_failure_queue)
    }
    "proofing-failure" = {
      description     = "Reports proofing jobs that failed for good (failure queue) to the IDP at once."
      timeout_seconds = 30
      environment = {
        ADDRESS_TOKEN_PARAMETER          = var.callback_token_parameters.address.name
        RESOLUTION_TOKEN_PARAMETER       = var.callback_token_parameters.resolution.name
        DOCUMENT_TOKEN_PARAMETER         = var.callback_token_parameters.document.name
        ADDRESS_SIGNING_KEY_PARAMETER    = var.callback_signing_keys.address.name
        RESOLUTION_SIGNING_KEY_PARAMETER = var.callback_signing_keys.resolution.name
        DOCUMENT_SIGNING_KEY_PARAMETER   = var.callback_signing_keys.document.name
        # One report with its callback retries; within the 30 s timeout.
        REPORT_BUDGET_MS = "20000"
      }
      secrets              = {}
      async                = null
      release_invoker_arns = []
      sqs_event_sources = [{
        name       = "failures"
        queue_arn  = module.failures_queue.arn
        batch_size = 10
      }]
      policy_statements = concat(
        local.read_callback_secrets.address,
        local.read_callback_secrets.resolution,
        local.read_callback_secrets.document,
        local.consume_failure_queue,
      )
    }
  }
}

# Plan-time guard: a step may leave the mock only once its vendor's secret holds a real value. While
# AWSCURRENT is still Terraform's placeholder version, every job of that step would fail on it. Reads
# version ids and labels only, never a value.
data "aws_secretsmanager_secret_versions" "vendor" {
  for_each = { for vendor in distinct([for step, choice in var.vendors : choice if choice != "mock"]) : vendor => var.vendor_secrets[vendor] }

  secret_id = each.value.arn

  lifecycle {
    postcondition {
      condition     = !contains(flatten([for version in self.versions : version.version_stages if version.version_id == each.value.placeholder_version_id]), "AWSCURRENT")
      error_message = "Secret ${each.value.name} still holds Terraform's placeholder: put the ${each.key} configuration (docs/runbooks/proofing-launch.md) before a step uses ${each.key}."
    }
  }
}

# Failed asynchronous invocations (after the retries) land here; proofing-failure consumes it and
# reports each failure to the IDP.
module "failures_queue" {
  source = "../../modules/queue"

  name        = "${var.environment}-proofing-failures"
  kms_key_arn = var.data_kms_key_arn
  # Six times proofing-failure's timeout (30 s), as AWS advises for Lambda event sources.
  visibility_timeout_seconds = 180
  # A failed event carries the applicant's PII, so it is kept only as long as the failure path can use it:
  # an hour covers every receive before the DLQ (5 x 180 s), where a day is left to inspect and redrive
  # (SQS keeps a moved message's first enqueue time, so a day bounds its whole stay). Not SQS's 4 and 14 days.
  message_retention_seconds = 3600
  dlq_retention_seconds     = 86400
  # A report helps the user only while the IDP still waits; older messages mean the consumer is stuck.
  oldest_message_alarm_seconds = 120
  alarm_actions                = var.alarm_actions
}

# One function per entry of local.functions, named "<env>-<app>".
module "functions" {
  for_each = local.functions

  source = "../../modules/function"

  name            = "${var.environment}-${each.key}"
  app             = each.key
  description     = each.value.description
  git_ref         = var.git_ref
  artifact_bucket = var.artifact_bucket

  # Branch plans only: the branch's own build, never published (modules/function).
  speculative_artifact_hashes = var.speculative_artifact_hashes

  # Secrets its retained releases still read (modules/function).
  retained_release_secrets = lookup(var.retained_release_secrets, each.key, {})

  environment = merge(local.function_environment, each.value.environment)
  secrets     = each.value.secrets

  timeout_seconds      = each.value.timeout_seconds
  memory_size          = local.memory_size[each.key]
  reserved_concurrency = local.reserved_concurrency[each.key]
  log_level            = var.log_level
  log_retention_days   = var.log_retention_days
  tracing_mode         = var.tracing_mode
  async                = each.value.async
  sqs_event_sources    = each.value.sqs_event_sources
  release_invoker_arns = each.value.release_invoker_arns
  retained_releases    = lookup(var.retained_releases, each.key, {})
  policy_statements    = each.value.policy_statements
  errors_alarm         = var.errors_alarm
  alarm_actions        = var.alarm_actions
}

# The functions were one block each until they moved into module "functions": these keep an existing state's
# functions, aliases and alarms in place (a plan shows moves, no destroy and create).
moved {
  from = module.proof_address
  to   = module.functions["proof-address"]
}

moved {
  from = module.proof_resolution
  to   = module.functions["proof-resolution"]
}

moved {
  from = module.proof_document
  to   = module.functions["proof-document"]
}

moved {
  from = module.proofing_failure
  to   = module.functions["proofing-failure"]
}
