data "aws_region" "current" {}

locals {
  region = data.aws_region.current.region

  # The upload bucket's name as the data root module builds it: the notification below needs it, and the drift
  # test in tools/services reads it from here.
  upload_bucket_name = "${var.environment}-licensing-uploads"

  function_environment = {
    ENVIRONMENT        = var.environment
    PROVIDERS_TABLE    = var.providers_table.name
    UPLOADS_TABLE      = var.uploads_table.name
    UPLOAD_BUCKET      = var.upload_bucket.name
    DATA_KEY_PARAMETER = var.data_key_parameter.name
  }

  # Both functions derive their keys from the data key parameter (SSM passes its ARN as encryption context).
  read_data_key = [
    {
      sid       = "ReadLicensingDataKey"
      actions   = ["ssm:GetParameter"]
      resources = [var.data_key_parameter.arn]
    },
    {
      sid       = "DecryptLicensingDataKey"
      actions   = ["kms:Decrypt"]
      resources = [var.parameters_kms_key_arn]
      conditions = [{
        test     = "StringEquals"
        variable = "kms:EncryptionContext:PARAMETER_ARN"
        values   = [var.data_key_parameter.arn]
      }]
    },
  ]

  # DynamoDB decrypts the table key with the caller's credentials, naming the table.
  use_table_key = [{
    sid       = "UseLicensingTablesKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.data_kms_key_arn]
    conditions = [
      { test = "StringEquals", variable = "kms:ViaService", values = ["dynamodb.${local.region}.amazonaws.com"] },
      { test = "StringEquals", variable = "kms:EncryptionContext:aws:dynamodb:tableName", values = [var.providers_table.name, var.uploads_table.name] },
    ]
  }]

  # Upserts: batch reads and writes of providers, licenses and history; no deletes, no scans.
  write_licenses = [{
    sid       = "UpsertLicenses"
    actions   = ["dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:GetItem", "dynamodb:PutItem"]
    resources = [var.providers_table.arn]
  }]

  # With S3 Bucket Keys the encryption context is the bucket's ARN.
  upload_bucket_key = {
    test     = "StringEquals"
    variable = "kms:EncryptionContext:aws:s3:arn"
    values   = [var.upload_bucket.arn]
  }

  functions = {
    "ingest-licenses" = {
      description     = "Ingests license files boards upload (S3 events through the ingest queue) into DynamoDB."
      timeout_seconds = 900
      environment     = {}
      sqs_event_sources = [{
        name = "uploads"
        # One file per invocation: a file that fails is retried (and ends in the DLQ) alone.
        queue_arn  = module.ingest_queue.arn
        batch_size = 1
      }]
      policy_statements = concat(local.read_data_key, local.use_table_key, local.write_licenses, [
        {
          sid     = "ClaimAndCompleteUploads"
          actions = ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"]
          # BatchWriteItem adds the row errors; the record itself moves only through conditional updates.
          resources = [var.uploads_table.arn]
        },
        {
          sid       = "ReadUploadedFiles"
          actions   = ["s3:GetObject"]
          resources = ["${var.upload_bucket.arn}/*"]
        },
        {
          sid        = "DecryptUploadedFiles"
          actions    = ["kms:Decrypt"]
          resources  = [var.data_kms_key_arn]
          conditions = [{ test = "StringEquals", variable = "kms:ViaService", values = ["s3.${local.region}.amazonaws.com"] }, local.upload_bucket_key]
        },
        {
          sid       = "ConsumeIngestQueue"
          actions   = ["kms:Decrypt"]
          resources = [var.data_kms_key_arn]
          conditions = [
            { test = "StringEquals", variable = "kms:ViaService", values = ["sqs.${local.region}.amazonaws.com"] },
            { test = "StringEquals", variable = "kms:EncryptionContext:aws:sqs:arn", values = [module.ingest_queue.arn] },
          ]
        },
      ])
    }
    "license-uploads" = {
      description       = "The licensing write API: JSON license upserts, pre-signed CSV uploads and upload status."
      timeout_seconds   = 30
      environment       = {}
      sqs_event_sources = []
      policy_statements = concat(local.read_data_key, local.use_table_key, local.write_licenses, [
        {
          sid       = "CreateAndReadUploads"
          actions   = ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query"]
          resources = [var.uploads_table.arn]
        },
        {
          # The pre-signed POST is signed with this role: S3 checks the role may put the object and encrypt it.
          sid       = "PresignUploads"
          actions   = ["s3:PutObject"]
          resources = ["${var.upload_bucket.arn}/*"]
        },
        {
          sid        = "EncryptUploadedFiles"
          actions    = ["kms:GenerateDataKey"]
          resources  = [var.data_kms_key_arn]
          conditions = [{ test = "StringEquals", variable = "kms:ViaService", values = ["s3.${local.region}.amazonaws.com"] }, local.upload_bucket_key]
        },
      ])
    }
    "licenses-api" = {
      description     = "The licensing read API behind the ALB: one provider, provider queries and bulk reads; verifies bearer tokens itself."
      timeout_seconds = 30
      environment = {
        JWT_ISSUER   = var.jwt_issuer
        JWT_AUDIENCE = join(",", var.jwt_audience)
      }
      sqs_event_sources = []
      # Reads only: a provider's partition (Query), the name and update indexes, batch reads of provider items. The
      # data key unseals SSNs for readSSN clients and seals page cursors.
      policy_statements = concat(local.read_data_key, [
        {
          sid       = "ReadProviders"
          actions   = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem"]
          resources = [var.providers_table.arn, "${var.providers_table.arn}/index/*"]
        },
        {
          sid       = "UseProvidersTableKey"
          actions   = ["kms:Decrypt"]
          resources = [var.data_kms_key_arn]
          conditions = [
            { test = "StringEquals", variable = "kms:ViaService", values = ["dynamodb.${local.region}.amazonaws.com"] },
            { test = "StringEquals", variable = "kms:EncryptionContext:aws:dynamodb:tableName", values = [var.providers_table.name] },
          ]
        },
      ])
    }
  }
  default_memory = { "ingest-licenses" = 1024 }
  memory_size = {
    for app in keys(local.functions) :
    app => try(var.function_sizes[app].memory_size, lookup(local.default_memory, app, 512))
  }
  reserved_concurrency = {
    for app in keys(local.functions) :
    app => try(var.function_sizes[app].reserved_concurrency, -1)
  }

  # The read side's ALB routes (read_api.tf): one target group, listener rule and invoke permission each.
  alb_routes = {
    "register-provider"  = { priority = 20, path_patterns = ["/v1/provider-users/registration"], http_methods = ["POST"] }
    "check-feature-flag" = { priority = 30, path_patterns = ["/v1/flags/*/check"], http_methods = ["POST"] }
    "licenses-api"       = { priority = 10, path_patterns = ["/v1/compacts/*/providers/*"], http_methods = ["GET", "POST"] }
  }
}

# Object-created events of the upload bucket; ingest-licenses consumes them one file at a time.
module "ingest_queue" {
  source = "../../modules/queue"

  name        = "${var.environment}-licensing-ingest"
  kms_key_arn = var.data_kms_key_arn
  # Six times ingest-licenses' timeout (900 s), as AWS advises for Lambda event sources.
  visibility_timeout_seconds = 5400
  # A file waiting more than an hour means the consumer is stuck; a file in the DLQ could not be read 5 times.
  oldest_message_alarm_seconds = 3600
  alarm_actions                = var.alarm_actions
  policy_statements = [{
    sid                   = "UploadBucketSendsEvents"
    actions               = ["sqs:SendMessage"]
    principal_type        = "Service"
    principal_identifiers = ["s3.amazonaws.com"]
    conditions            = [{ test = "ArnEquals", variable = "aws:SourceArn", values = [var.upload_bucket.arn] }]
  }]
}

module "upload_notifications" {
  source = "../../modules/bucket_notifications"

  bucket = local.upload_bucket_name
  queue_notifications = {
    "ingest-licenses" = {
      queue_arn = module.ingest_queue.arn
      events    = ["s3:ObjectCreated:*"]
    }
  }
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

  timeout_seconds      = each.value.timeout_seconds
  memory_size          = local.memory_size[each.key]
  reserved_concurrency = local.reserved_concurrency[each.key]
  log_level            = var.log_level
  log_retention_days   = var.log_retention_days
  tracing_mode         = var.tracing_mode
  sqs_event_sources    = each.value.sqs_event_sources
  retained_releases    = lookup(var.retained_releases, each.key, {})
  policy_statements    = each.value.policy_statements
  errors_alarm         = var.errors_alarm
  alarm_actions        = var.alarm_actions
}

module "api" {
  source = "../../modules/http_api"

  name = "${var.environment}-licensing"
  # One function serves the write routes. API Gateway checks the token (issuer, audience, expiry); the function
  # checks the path's scope ({jurisdiction}/{compact}.write), which a route's fixed scope list cannot name.
  routes = {
    "POST /v1/compacts/{compact}/jurisdictions/{jurisdiction}/licenses" = {
      function_name  = module.functions["license-uploads"].function_name
      alias          = "live"
      invoke_arn     = module.functions["license-uploads"].live_invoke_arn
      jwt_authorizer = "licensing"
    }
    "GET /v1/compacts/{compact}/jurisdictions/{jurisdiction}/licenses/bulk-upload" = {
      function_name  = module.functions["license-uploads"].function_name
      alias          = "live"
      invoke_arn     = module.functions["license-uploads"].live_invoke_arn
      jwt_authorizer = "licensing"
    }
    "GET /v1/compacts/{compact}/jurisdictions/{jurisdiction}/licenses/uploads/{uploadId}" = {
      function_name  = module.functions["license-uploads"].function_name
      alias          = "live"
      invoke_arn     = module.functions["license-uploads"].live_invoke_arn
      jwt_authorizer = "licensing"
    }
  }
  jwt_authorizers = {
    licensing = { issuer = var.jwt_issuer, audience = var.jwt_audience }
  }
  log_retention_days = var.log_retention_days
  log_kms_key_arn    = var.data_kms_key_arn
}
