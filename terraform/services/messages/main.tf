data "aws_region" "current" {}

locals {
  region = data.aws_region.current.region

  # Environment variables every messages function gets on top of its own.
  function_environment = {
    ENVIRONMENT = var.environment
  }

  # What both functions do with the messages table: its items are encrypted with the messages key, which
  # DynamoDB uses with the caller's credentials, naming the table.
  use_table_key = [{
    sid       = "UseMessagesTableKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.messages_kms_key_arn]
    conditions = [
      { test = "StringEquals", variable = "kms:ViaService", values = ["dynamodb.${local.region}.amazonaws.com"] },
      { test = "StringEquals", variable = "kms:EncryptionContext:aws:dynamodb:tableName", values = [var.tables.messages.name, var.tables.requests.name, var.tables.api_keys.name] },
    ]
  }]

  # The outbox and its DLQ are encrypted with the messages key: their records name a recipient.
  outbox_key = [{
    sid       = "UseOutboxKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.messages_kms_key_arn]
    conditions = [
      { test = "StringEquals", variable = "kms:ViaService", values = ["sqs.${local.region}.amazonaws.com"] },
      { test = "StringEquals", variable = "kms:EncryptionContext:aws:sqs:arn", values = [module.outbox.arn, module.outbox.dlq_arn] },
    ]
  }]

  # The functions by app: module "functions" deploys one per entry. Every entry names every field.
  functions = {
    "messages-api" = {
      description     = "The messages API (POST /msg, GET /msg, GET /msg/{msg_id}/{message_id}) behind its API keys."
      timeout_seconds = 10
      environment = {
        MESSAGES_TABLE   = var.tables.messages.name
        REQUESTS_TABLE   = var.tables.requests.name
        API_KEYS_TABLE   = var.tables.api_keys.name
        OUTBOX_QUEUE_URL = module.outbox.url
      }
      # The content keyring seals and opens store_secure content (libs/messages parseMessageKeyrings):
      # modules/function names it in CONTENT_KEYRING_SECRET and grants reading exactly it, and its key for it.
      secrets = {
        CONTENT_KEYRING_SECRET = {
          name        = var.content_keyring_secret.name
          arn         = var.content_keyring_secret.arn
          kms_key_arn = var.messages_kms_key_arn
        }
      }
      sqs_event_sources = []
      policy_statements = concat(
        [
          {
            # DeleteItem: only a message whose queueing failed, answered 503 without an Idempotency-Key.
            sid        = "StoreAndReadMessages"
            actions    = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:DeleteItem"]
            resources  = [var.tables.messages.arn]
            conditions = []
          },
          {
            # Rate-limit windows (UpdateItem ADD) and Idempotency-Key records.
            sid        = "CountRequestsAndRememberKeys"
            actions    = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"]
            resources  = [var.tables.requests.arn]
            conditions = []
          },
          {
            # Keys are looked up by hash only: the API neither lists nor changes them (tools/messages-keys does).
            sid        = "LookUpApiKeys"
            actions    = ["dynamodb:GetItem"]
            resources  = [var.tables.api_keys.arn]
            conditions = []
          },
          {
            sid        = "QueueMessages"
            actions    = ["sqs:SendMessage"]
            resources  = [module.outbox.arn]
            conditions = []
          },
        ],
        local.use_table_key,
        local.outbox_key,
      )
    }
    "send-message" = {
      description     = "Sends each queued message once by email (SES) or SMS (SNS) and records its status."
      timeout_seconds = 30
      environment = {
        MESSAGES_TABLE = var.tables.messages.name
        OUTBOX_DLQ_URL = module.outbox.dlq_url
        # modules/queue's max_receive_count: the last receive turns a transient failure into a final one.
        MAX_RECEIVE_COUNT = "5"
        # Above the 30 s timeout, below the outbox's 180 s visibility timeout.
        CLAIM_SECONDS = "60"
        MAIL_FROM     = var.mail_from
      }
      # The content keyring seals and opens store_secure content (libs/messages parseMessageKeyrings):
      # modules/function names it in CONTENT_KEYRING_SECRET and grants reading exactly it, and its key for it.
      secrets = {
        CONTENT_KEYRING_SECRET = {
          name        = var.content_keyring_secret.name
          arn         = var.content_keyring_secret.arn
          kms_key_arn = var.messages_kms_key_arn
        }
      }
      sqs_event_sources = [{
        name       = "outbox"
        queue_arn  = module.outbox.arn
        batch_size = 10
      }]
      policy_statements = concat(
        [
          {
            sid        = "ClaimAndRecordMessages"
            actions    = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
            resources  = [var.tables.messages.arn]
            conditions = []
          },
          {
            # Undeliverable messages go to the DLQ with their reason.
            sid        = "DeadLetterUndeliverable"
            actions    = ["sqs:SendMessage"]
            resources  = [module.outbox.dlq_arn]
            conditions = []
          },
          {
            sid        = "SendMailFromIdentity"
            actions    = ["ses:SendEmail"]
            resources  = [var.mail_identity_arn]
            conditions = []
          },
          {
            sid     = "SendSms"
            actions = ["sns:Publish"]
            # A Publish to a phone number has no resource ARN: AWS authorizes it on "*" only.
            resources  = ["*"]
            conditions = []
          },
          {
            # ...and this keeps that "*" to phone numbers: no topic or platform endpoint may be published to.
            sid        = "NoTopicsOrEndpoints"
            effect     = "Deny"
            actions    = ["sns:Publish"]
            resources  = ["arn:aws:sns:*:*:*"]
            conditions = []
          },
        ],
        local.use_table_key,
        local.outbox_key,
      )
    }
  }
}

# Messages waiting to be sent: send-message consumes it; after 5 receives a message moves to the DLQ
# (send-message also puts undeliverable ones there itself, with their reason). Encrypted with the
# messages key. Records carry the message's key (recipient and id), never its content.
module "outbox" {
  source = "../../modules/queue"

  name        = "${var.environment}-messages-outbox"
  kms_key_arn = var.messages_kms_key_arn
  # Six times send-message's timeout (30 s), and above its claim on a message (CLAIM_SECONDS).
  visibility_timeout_seconds = 180
  # A message older than 10 minutes in the outbox means send-message is stuck.
  oldest_message_alarm_seconds = 600
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

  environment = merge(local.function_environment, each.value.environment)
  secrets     = each.value.secrets

  timeout_seconds      = each.value.timeout_seconds
  memory_size          = try(var.function_sizes[each.key].memory_size, 512)
  reserved_concurrency = try(var.function_sizes[each.key].reserved_concurrency, -1)
  log_level            = var.log_level
  log_retention_days   = var.log_retention_days
  tracing_mode         = var.tracing_mode
  sqs_event_sources    = each.value.sqs_event_sources
  policy_statements    = each.value.policy_statements
  errors_alarm         = var.errors_alarm
  alarm_actions        = var.alarm_actions
}

# The HTTP API: API keys are checked in messages-api (HTTP APIs have no usage plans), so the routes have
# no authorizer. Access logs (ids, status, latencies; no bodies or query strings) in
# /aws/apigateway/<env>-messages-api. Optionally a custom domain with mutual TLS.
module "api" {
  source = "../../modules/http_api"

  name = "${var.environment}-messages-api"
  # One function serves the three routes; each route gets its own invoke permission (modules/http_api).
  routes = {
    "POST /msg" = {
      function_name = module.functions["messages-api"].function_name
      alias         = "live"
      invoke_arn    = module.functions["messages-api"].live_invoke_arn
    }
    "GET /msg" = {
      function_name = module.functions["messages-api"].function_name
      alias         = "live"
      invoke_arn    = module.functions["messages-api"].live_invoke_arn
    }
    "GET /msg/{msg_id}/{message_id}" = {
      function_name = module.functions["messages-api"].function_name
      alias         = "live"
      invoke_arn    = module.functions["messages-api"].live_invoke_arn
    }
  }
  throttling         = var.api_throttling
  custom_domain      = var.custom_domain
  log_retention_days = var.log_retention_days
}
