data "aws_region" "current" {}

# CloudFront's origin-facing addresses (ip-ranges.json, service CLOUDFRONT_ORIGIN_FACING): the only peers whose
# CloudFront-Viewer-Address header the functions believe (docs/accounts.md). Public data, no secret and no IAM; read
# at every plan, so each apply picks up the ranges AWS added or dropped.
data "aws_ip_ranges" "cloudfront_origin_facing" {
  services = ["cloudfront_origin_facing"]

  lifecycle {
    # None would count every visitor under the edge that carried the request: one shared budget, 429s for all.
    postcondition {
      condition     = length(self.cidr_blocks) > 0
      error_message = "ip-ranges.json lists no CLOUDFRONT_ORIGIN_FACING prefix: the accounts functions would count every visitor under a CloudFront edge's address."
    }
    # Lambda allows 4 KB for all of a function's variables; the others take well under 1 KB (docs/accounts.md).
    postcondition {
      condition     = length(join(",", concat(self.cidr_blocks, self.ipv6_cidr_blocks))) <= 3072
      error_message = "CloudFront's origin-facing ranges no longer fit in TRUSTED_PROXY_CIDRS (3,072 characters): move them to an SSM String parameter read at start (docs/accounts.md)."
    }
  }
}

locals {
  region = data.aws_region.current.region

  # DynamoDB decrypts each table's key with the caller's credentials, naming the table.
  use_table_key = [
    for table in [var.users_table, var.rate_limit_table] : {
      sid       = "UseTableKey${replace(title(replace(table.name, "-", " ")), " ", "")}"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [var.data_kms_key_arn]
      conditions = [
        { test = "StringEquals", variable = "kms:ViaService", values = ["dynamodb.${local.region}.amazonaws.com"] },
        { test = "StringEquals", variable = "kms:EncryptionContext:aws:dynamodb:tableName", values = [table.name] },
      ]
    }
  ]

  # Every route counts requests and failures (libs/accounts RateLimiter: UpdateItem with ADD, GetItem).
  count_requests = concat([{
    sid       = "CountRequests"
    actions   = ["dynamodb:GetItem", "dynamodb:UpdateItem"]
    resources = [var.rate_limit_table.arn]
  }], local.use_table_key)

  # Users are read consistently and changed with conditional writes; nobody scans or deletes them.
  read_users   = [{ sid = "ReadUsers", actions = ["dynamodb:GetItem"], resources = [var.users_table.arn] }]
  change_users = [{ sid = "ChangeUsers", actions = ["dynamodb:GetItem", "dynamodb:UpdateItem"], resources = [var.users_table.arn] }]
  create_users = [{ sid = "CreateUsers", actions = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], resources = [var.users_table.arn] }]

  # Mail only from the service's own address, through its verified identity.
  send_mail = [{
    sid        = "SendMail"
    actions    = ["ses:SendEmail"]
    resources  = [var.mail_identity_arn]
    conditions = [{ test = "StringEquals", variable = "ses:FromAddress", values = [var.mail_from] }]
  }]

  # Cognito developer identities, only where the environment federates logins.
  federate = var.identity_pool == null ? [] : [{
    sid       = "GetDeveloperIdentityTokens"
    actions   = ["cognito-identity:GetOpenIdTokenForDeveloperIdentity"]
    resources = [var.identity_pool.arn]
  }]

  site_url = "https://${module.site.domain_name}"

  # IPv4 and IPv6 CIDRs, comma-separated (libs/accounts trustedProxies).
  trusted_proxy_cidrs = join(",", concat(
    data.aws_ip_ranges.cloudfront_origin_facing.cidr_blocks,
    data.aws_ip_ranges.cloudfront_origin_facing.ipv6_cidr_blocks,
  ))

  # The accounts functions by app, with what differs between them: module "functions" deploys one per entry.
  # Every entry names every field. All are behind the HTTP API (routes below); none is invoked otherwise.
  functions = {
    "create-user" = {
      description = "Sign-up: stores an unverified user and mails a verification link (or a note to a registered address)."
      environment = {
        MAIL_FROM       = var.mail_from
        PUBLIC_BASE_URL = local.site_url
      }
      secrets           = {}
      policy_statements = concat(local.create_users, local.count_requests, local.send_mail)
    }
    "verify-user" = {
      description       = "Verifies an address with the token of the mailed link."
      environment       = {}
      secrets           = {}
      policy_statements = concat(local.change_users, local.count_requests)
    }
    "login" = {
      description = "Login: an ES256 session JWT, and a Cognito developer identity where the environment federates."
      environment = {
        IDENTITY_POOL_ID        = var.identity_pool == null ? "" : var.identity_pool.id
        DEVELOPER_PROVIDER_NAME = var.identity_pool == null ? "" : var.identity_pool.developer_provider_name
      }
      secrets           = { SESSION_KEYS_SECRET = var.session_keys_secret }
      policy_statements = concat(local.change_users, local.count_requests, local.federate)
    }
    "change-password" = {
      description       = "Changes the signed-in user's password; earlier sessions end."
      environment       = {}
      secrets           = { SESSION_KEYS_SECRET = var.session_keys_secret }
      policy_statements = concat(local.change_users, local.count_requests)
    }
    "lost-password" = {
      description = "Mails a reset link (or a note to an address without an account)."
      environment = {
        MAIL_FROM       = var.mail_from
        PUBLIC_BASE_URL = local.site_url
      }
      secrets           = {}
      policy_statements = concat(local.change_users, local.count_requests, local.send_mail)
    }
    "reset-password" = {
      description       = "Sets a new password with the token of the mailed link; earlier sessions end."
      environment       = {}
      secrets           = {}
      policy_statements = concat(local.change_users, local.count_requests)
    }
  }

  # Environment variables every accounts function gets on top of its own.
  function_environment = {
    ENVIRONMENT         = var.environment
    USERS_TABLE         = var.users_table.name
    RATE_LIMIT_TABLE    = var.rate_limit_table.name
    TRUSTED_PROXY_CIDRS = local.trusted_proxy_cidrs
  }
}

# One function per entry of local.functions, named "<env>-<app>". scrypt at N = 2^17 needs 128 MiB, and CPU
# scales with memory: 1024 MB keeps a login near the hash's own cost (docs/performance.md).
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
  # The session keyring (login, change-password): the module sets SESSION_KEYS_SECRET and grants reading it only.
  secrets = each.value.secrets

  timeout_seconds    = 10
  memory_size        = 1024
  log_level          = var.log_level
  log_retention_days = var.log_retention_days
  tracing_mode       = var.tracing_mode
  retained_releases  = lookup(var.retained_releases, each.key, {})
  policy_statements  = each.value.policy_statements
  errors_alarm       = var.errors_alarm
  alarm_actions      = var.alarm_actions
}

# The accounts API: one route per function (libs/contracts ACCOUNTS_ROUTES), each to its live alias. The pages
# call it on the same origin through CloudFront, so it needs no CORS.
module "api" {
  source = "../../modules/http_api"

  name = "${var.environment}-accounts"
  routes = {
    "POST /api/accounts/users"          = { function_name = module.functions["create-user"].function_name, alias = "live", invoke_arn = module.functions["create-user"].live_invoke_arn }
    "POST /api/accounts/verify"         = { function_name = module.functions["verify-user"].function_name, alias = "live", invoke_arn = module.functions["verify-user"].live_invoke_arn }
    "POST /api/accounts/login"          = { function_name = module.functions["login"].function_name, alias = "live", invoke_arn = module.functions["login"].live_invoke_arn }
    "POST /api/accounts/password"       = { function_name = module.functions["change-password"].function_name, alias = "live", invoke_arn = module.functions["change-password"].live_invoke_arn }
    "POST /api/accounts/lost-password"  = { function_name = module.functions["lost-password"].function_name, alias = "live", invoke_arn = module.functions["lost-password"].live_invoke_arn }
    "POST /api/accounts/reset-password" = { function_name = module.functions["reset-password"].function_name, alias = "live", invoke_arn = module.functions["reset-password"].live_invoke_arn }
  }
  # Room for a burst of sign-ups; the functions' own rate limits hold each client and address far lower.
  throttling         = { burst_limit = 50, rate_limit = 20 }
  log_retention_days = var.log_retention_days
}

# The pages (libs/accounts/pages) in their bucket behind CloudFront, with /api/* passed to the HTTP API: one
# origin for the browser, so the pages call the API without CORS.
module "site" {
  source = "../../modules/static_site"

  name           = "${var.environment}-accounts"
  bucket         = var.pages_bucket
  source_dir     = "${path.module}/../../../libs/accounts/pages"
  key_prefix     = "accounts/"
  api_endpoint   = module.api.endpoint
  api_path       = "/api/*"
  default_object = "accounts/index.html"
}
