data "aws_region" "current" {}

locals {
  artifact_key = "${var.app}/${var.git_ref}.zip"
  checksum_key = "${var.app}/${var.git_ref}.zip.sha256"

  # Branch plans only: the hash of the branch's own build, which is never published.
  speculative_sha256 = lookup(var.speculative_artifact_hashes, var.app, null)

  # The IDP invokes <function>:<release_alias>; it pins this alias, never `live`.
  release_alias = substr(var.git_ref, 0, 10)

  # Variables every function gets, whatever its config schema says (documented in README.md and
  # allowed by the contract test in terraform/tests). The caller's environment wins on a clash.
  runtime_environment = {
    NODE_OPTIONS            = "--enable-source-maps"
    POWERTOOLS_SERVICE_NAME = var.app
    LOG_LEVEL               = var.log_level
  }

  # Secrets the function reads in this environment: a null entry (e.g. a step on a mock vendor) gets
  # neither its variable nor any permission.
  secrets            = { for variable, secret in var.secrets : variable => secret if secret != null }
  secret_environment = { for variable, secret in local.secrets : variable => secret.name }

  # What the role may read: the current release's secrets, and those a retained release still names.
  # A version keeps its environment variables but not its role's policy, so a release pinned while a
  # step ran a real vendor keeps that vendor's read grant, after the step went back to the mock, until
  # the release is retired.
  retained_secrets = {
    for pair in distinct(flatten([
      for alias, secrets in var.retained_release_secrets : [
        for variable, secret in secrets : { variable = variable, secret = secret }
      ] if contains(keys(var.retained_releases), alias)
    ])) : "RETAINED_${pair.variable}_${substr(sha1(pair.secret.arn), 0, 8)}" => pair.secret
    if !contains([for secret in values(local.secrets) : secret.arn], pair.secret.arn)
  }
  granted_secrets = merge(local.retained_secrets, local.secrets)

  # Current release last, so that listing the current alias in retained_releases cannot pin it back.
  release_aliases = merge(var.retained_releases, { (local.release_alias) = aws_lambda_function.this.version })
  all_aliases     = merge({ live = aws_lambda_alias.live.name }, { for name, alias in aws_lambda_alias.release : name => alias.name })

  release_invokers = {
    for pair in setproduct(keys(local.release_aliases), var.release_invoker_arns) :
    "${pair[0]}/${pair[1]}" => { alias = pair[0], principal = pair[1] }
  }
}

# Plan-time guard: an environment applied with a git_ref that was never published fails here,
# naming the missing object, before any function is touched. A branch plan (speculative hash given)
# reads nothing: its artifacts are built, not published.
data "aws_s3_objects" "artifact" {
  count = local.speculative_sha256 == null ? 1 : 0

  bucket = var.artifact_bucket
  prefix = local.artifact_key
}

data "aws_s3_object" "checksum" {
  count = local.speculative_sha256 == null ? 1 : 0

  bucket = var.artifact_bucket
  key    = local.checksum_key

  lifecycle {
    precondition {
      condition     = contains(data.aws_s3_objects.artifact[0].keys, local.artifact_key)
      error_message = "Artifact s3://${var.artifact_bucket}/${local.artifact_key} is missing: publish git_ref ${var.git_ref} with tools/release before applying."
    }
    precondition {
      condition     = contains(data.aws_s3_objects.artifact[0].keys, local.checksum_key)
      error_message = "Artifact checksum s3://${var.artifact_bucket}/${local.checksum_key} is missing: publish git_ref ${var.git_ref} with tools/release before applying."
    }
    postcondition {
      condition     = can(regex("^[A-Za-z0-9+/]{43}=$", trimspace(self.body)))
      error_message = "Artifact checksum s3://${var.artifact_bucket}/${local.checksum_key} must hold the base64 SHA-256 of the zip, stored with Content-Type text/plain."
    }
  }
}

resource "aws_iam_role" "this" {
  name                 = var.name
  assume_role_policy   = data.aws_iam_policy_document.assume.json
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

data "aws_iam_policy_document" "assume" {
  statement {
    sid     = "LambdaAssumesRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  dynamic "statement" {
    for_each = var.tracing_mode == "Active" ? [1] : []
    content {
      sid     = "WriteTraces"
      actions = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      # X-Ray has no resource-level permissions for these actions: AWS accepts only "*".
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = var.async == null ? [] : (var.async.on_failure_queue_arn == null ? [] : [var.async.on_failure_queue_arn])
    content {
      sid       = "SendFailedEventsToDestination"
      actions   = ["sqs:SendMessage"]
      resources = [statement.value]
    }
  }

  dynamic "statement" {
    for_each = length(var.sqs_event_sources) == 0 ? [] : [1]
    content {
      sid       = "ConsumeEventSourceQueues"
      actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]
      resources = [for source in var.sqs_event_sources : source.queue_arn]
    }
  }

  # Each secret it is given or a retained release reads: its value (by name or ARN, IAM sees the ARN),
  # and the key only when Secrets Manager decrypts that secret for it.
  dynamic "statement" {
    for_each = local.granted_secrets
    content {
      sid       = "Read${join("", [for word in split("_", lower(statement.key)) : title(word)])}"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = [statement.value.arn]
    }
  }

  dynamic "statement" {
    for_each = local.granted_secrets
    content {
      sid       = "Decrypt${join("", [for word in split("_", lower(statement.key)) : title(word)])}"
      actions   = ["kms:Decrypt"]
      resources = [statement.value.kms_key_arn]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["secretsmanager.${data.aws_region.current.region}.amazonaws.com"]
      }

      condition {
        test     = "StringEquals"
        variable = "kms:EncryptionContext:SecretARN"
        values   = [statement.value.arn]
      }
    }
  }

  dynamic "statement" {
    for_each = var.policy_statements
    content {
      sid       = statement.value.sid
      effect    = statement.value.effect
      actions   = statement.value.actions
      resources = statement.value.resources

      dynamic "condition" {
        for_each = statement.value.conditions
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = "${var.name}-runtime"
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

resource "aws_lambda_function" "this" {
  function_name                  = var.name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  handler                        = "handler.handler"
  runtime                        = "nodejs22.x"
  architectures                  = [var.architecture]
  s3_bucket                      = var.artifact_bucket
  s3_key                         = local.artifact_key
  source_code_hash               = local.speculative_sha256 == null ? trimspace(data.aws_s3_object.checksum[0].body) : local.speculative_sha256
  publish                        = true
  memory_size                    = var.memory_size
  timeout                        = var.timeout_seconds
  reserved_concurrent_executions = var.reserved_concurrency
  kms_key_arn                    = var.environment_kms_key_arn

  environment {
    variables = merge(local.runtime_environment, var.environment, local.secret_environment)
  }

  tracing_config {
    mode = var.tracing_mode
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  tags = var.tags

  # The role's policy must exist before the first invocation can write logs.
  depends_on = [aws_iam_role_policy.this]
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  description      = "Current release (${var.git_ref})"
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}

# One alias per release the IDP may pin: the current one and each retained one. Retiring a release
# means removing it from retained_releases; see docs/runbooks/deploy-release.md.
resource "aws_lambda_alias" "release" {
  for_each = local.release_aliases

  name             = each.key
  description      = each.key == local.release_alias ? "Release ${var.git_ref}" : "Retained release ${each.key}"
  function_name    = aws_lambda_function.this.function_name
  function_version = each.value
}

resource "aws_lambda_permission" "release" {
  for_each = local.release_invokers

  statement_id  = "invoke-${substr(sha1(each.value.principal), 0, 16)}"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  qualifier     = aws_lambda_alias.release[each.value.alias].name
  principal     = each.value.principal
}

# Asynchronous settings are set per alias because the IDP invokes aliases, never $LATEST.
resource "aws_lambda_function_event_invoke_config" "this" {
  for_each = var.async == null ? {} : local.all_aliases

  function_name                = aws_lambda_function.this.function_name
  qualifier                    = each.value
  maximum_retry_attempts       = var.async.maximum_retry_attempts
  maximum_event_age_in_seconds = var.async.maximum_event_age_seconds

  dynamic "destination_config" {
    for_each = var.async.on_failure_queue_arn == null ? [] : [var.async.on_failure_queue_arn]
    content {
      on_failure {
        destination = destination_config.value
      }
    }
  }

  depends_on = [aws_iam_role_policy.this]
}

resource "aws_lambda_event_source_mapping" "sqs" {
  for_each = { for source in var.sqs_event_sources : source.name => source }

  event_source_arn                   = each.value.queue_arn
  function_name                      = aws_lambda_alias.live.arn
  batch_size                         = each.value.batch_size
  maximum_batching_window_in_seconds = each.value.maximum_batching_window_seconds
  function_response_types            = ["ReportBatchItemFailures"]

  dynamic "scaling_config" {
    for_each = each.value.maximum_concurrency == null ? [] : [each.value.maximum_concurrency]
    content {
      maximum_concurrency = scaling_config.value
    }
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.this]
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${var.name}-errors"
  alarm_description   = "${var.name} raised unhandled errors (all versions and aliases)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  statistic           = "Sum"
  period              = var.errors_alarm.period_seconds
  evaluation_periods  = var.errors_alarm.evaluation_periods
  threshold           = var.errors_alarm.threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  dimensions = {
    FunctionName = aws_lambda_function.this.function_name
  }

  tags = var.tags
}
