# The licensing read side behind an application load balancer (issue 13, docs/licensing.md "Read side deployment"):
# an HTTPS listener with a TLS 1.3 policy, one target group, listener rule and invoke permission per entry of
# local.alb_routes (main.tf), and a WAFv2 web ACL with a per-IP rate rule on registration and AWS's common rules.
# The functions verify what the ALB cannot: the read API its JWT, registration its reCAPTCHA token.

locals {
  # The public API's functions. Their own module call rather than entries of local.functions: those all get the
  # write side's variables (local.function_environment), and a function's environment must name exactly what its
  # configSchema reads.
  public_functions = {
    "register-provider" = {
      description     = "Practitioner self-registration: reCAPTCHA v3, 3 attempts per client IP per 15 minutes, the same answer whether or not a license matches, a single-use link by mail."
      timeout_seconds = 15
      environment = {
        ENVIRONMENT               = var.environment
        PROVIDERS_TABLE           = var.providers_table.name
        REGISTRATIONS_TABLE       = var.registrations_table.name
        MAIL_FROM                 = var.read_api.mail_from
        REGISTRATION_CONTINUE_URL = var.read_api.registration_continue_url
        RECAPTCHA_VERIFY_URL      = "https://www.google.com/recaptcha/api/siteverify"
        RECAPTCHA_HOSTNAMES       = join(",", var.read_api.recaptcha_hostnames)
        RECAPTCHA_MIN_SCORE       = tostring(var.read_api.recaptcha_min_score)
      }
      secrets = { RECAPTCHA_SECRET = var.recaptcha_secret }
      policy_statements = [
        {
          # Candidates by name in the compact: the providers-by-name index only, never the table itself.
          sid       = "QueryProvidersByName"
          actions   = ["dynamodb:Query"]
          resources = ["${var.providers_table.arn}/index/providers-by-name"]
        },
        {
          # Counters (UpdateItem ADD) and tokens (a conditional PutItem); no reads, scans or deletes.
          sid       = "CountAttemptsAndStoreTokens"
          actions   = ["dynamodb:UpdateItem", "dynamodb:PutItem"]
          resources = [var.registrations_table.arn]
        },
        {
          sid       = "UseRegistrationTablesKey"
          actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
          resources = [var.data_kms_key_arn]
          conditions = [
            { test = "StringEquals", variable = "kms:ViaService", values = ["dynamodb.${local.region}.amazonaws.com"] },
            { test = "StringEquals", variable = "kms:EncryptionContext:aws:dynamodb:tableName", values = [var.providers_table.name, var.registrations_table.name] },
          ]
        },
        {
          sid        = "SendRegistrationMail"
          actions    = ["ses:SendEmail"]
          resources  = [var.mail_identity_arn]
          conditions = [{ test = "StringEquals", variable = "ses:FromAddress", values = [var.read_api.mail_from] }]
        },
      ]
    }
    "check-feature-flag" = {
      description     = "Answers whether a feature flag the licensing service declares is on (SSM, or StatSig when configured)."
      timeout_seconds = 10
      environment = {
        ENVIRONMENT            = var.environment
        FLAG_SOURCE            = var.statsig_secret == null ? "ssm" : "statsig"
        FLAGS_PARAMETER_PREFIX = var.flag_parameters.prefix
      }
      # A null secret sets and grants nothing (modules/function): StatSig only where the environment has a key.
      secrets = { STATSIG_SECRET = var.statsig_secret }
      policy_statements = [{
        # String parameters: no kms:Decrypt needed. The flags' own parameters only, not the prefix's subtree.
        sid       = "ReadFeatureFlags"
        actions   = ["ssm:GetParameter"]
        resources = var.flag_parameters.arns
      }]
    }
  }
  public_memory = { "register-provider" = 512, "check-feature-flag" = 256 }

  # Every function an ALB route may name, whichever call made it.
  alb_targets = merge(module.functions, module.public_functions)
}

module "public_functions" {
  for_each = local.public_functions

  source = "../../modules/function"

  name            = "${var.environment}-${each.key}"
  app             = each.key
  description     = each.value.description
  git_ref         = var.git_ref
  artifact_bucket = var.artifact_bucket

  # Branch plans only: the branch's own build, never published (modules/function).
  speculative_artifact_hashes = var.speculative_artifact_hashes

  environment = each.value.environment
  secrets     = each.value.secrets

  timeout_seconds      = each.value.timeout_seconds
  memory_size          = try(var.function_sizes[each.key].memory_size, local.public_memory[each.key])
  reserved_concurrency = try(var.function_sizes[each.key].reserved_concurrency, -1)
  log_level            = var.log_level
  log_retention_days   = var.log_retention_days
  tracing_mode         = var.tracing_mode
  sqs_event_sources    = []
  retained_releases    = lookup(var.retained_releases, each.key, {})
  policy_statements    = each.value.policy_statements
  errors_alarm         = var.errors_alarm
  alarm_actions        = var.alarm_actions
}

module "read_api" {
  source = "../../modules/alb_api"

  name            = "${var.environment}-licensing-read"
  vpc_id          = var.read_api.vpc_id
  subnet_ids      = var.read_api.subnet_ids
  ingress_cidrs   = var.read_api.ingress_cidrs
  certificate_arn = var.read_api.certificate_arn
  # TLS 1.3 with TLS 1.2 fallback, forward-secret ciphers only (AWS's recommended policy since 2023).
  ssl_policy          = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  deletion_protection = var.environment != "sandbox"
  routes = {
    for app, route in local.alb_routes : app => {
      function_name = local.alb_targets[app].function_name
      alias         = "live"
      alias_arn     = local.alb_targets[app].live_alias_arn
      priority      = route.priority
      path_patterns = route.path_patterns
      http_methods  = try(route.http_methods, [])
    }
  }
}

# WAF in front of the ALB (modules/web_acl): a per-IP rate rule on registration, evaluated before any function runs
# (the function's own 3 per 15 minutes stays the precise budget), and AWS's common rule set; blocked requests get
# the API's error envelope, the ACL logs to CloudWatch with the Authorization header redacted.
module "read_api_waf" {
  source = "../../modules/web_acl"

  name         = "${var.environment}-licensing-read"
  description  = "Licensing read side: registration rate limit per client IP and AWS common rules."
  resource_arn = module.read_api.arn
  rate_limits = {
    "registration" = { path_prefix = "/v1/provider-users/registration", limit = var.read_api.registration_waf_limit }
  }
  log_retention_days = var.log_retention_days
  log_kms_key_arn    = var.data_kms_key_arn
  alarm_actions      = var.alarm_actions
}
