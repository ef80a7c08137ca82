# The accounts service's data (issue 11, docs/accounts.md): its users, its rate-limit counters, the session
# signing keyring, the bucket of its pages and the Cognito identity pool logins are federated to. The compute
# root reads them through the outputs below (terraform/services/accounts).

locals {
  accounts_pages_bucket_name = "${var.environment}-accounts-pages"
}

# Users, keyed by the normalised address. A user is the one record of an account: continuous backups for 35
# days, and no deletion in any environment but the sandbox.
module "accounts_users" {
  source = "../../modules/table"

  name                        = "${var.environment}-accounts-users"
  hash_key                    = "email"
  attributes                  = { email = "S" }
  kms_key_arn                 = aws_kms_key.data.arn
  point_in_time_recovery_days = 35
  deletion_protection         = var.environment != "sandbox"
}

# Fixed-window rate-limit counters; each window's item expires by TTL a minute after the window ends.
module "accounts_rate_limits" {
  source = "../../modules/table"

  name                        = "${var.environment}-accounts-rate-limits"
  hash_key                    = "key"
  attributes                  = { key = "S" }
  ttl_attribute               = "expiresAt"
  kms_key_arn                 = aws_kms_key.data.arn
  point_in_time_recovery_days = 1
  deletion_protection         = var.environment != "sandbox"
}

# The ES256 session keyring ({ current, keys }): created with a placeholder, the real keyring is put by hand
# before the first login and rotated without logging anyone out (docs/runbooks/rotate-secrets.md).
module "accounts_session_keys" {
  source = "../../modules/secrets"

  secrets = {
    "${var.environment}/accounts/session-keys" = "Keyring the accounts service signs session JWTs with (ES256, by kid): login and change-password read it."
  }
  kms_key_arn = aws_kms_key.data.arn
}

# The pages, put by the compute root (modules/static_site) and read only by this account's CloudFront.
module "accounts_pages" {
  source = "../../modules/bucket"

  name                               = local.accounts_pages_bucket_name
  kms_key_arn                        = aws_kms_key.data.arn
  versioning                         = false
  noncurrent_version_expiration_days = 1
  policy_statements = [{
    sid                   = "CloudFrontReadsPages"
    actions               = ["s3:GetObject"]
    principal_type        = "Service"
    principal_identifiers = ["cloudfront.amazonaws.com"]
    resource_paths        = ["accounts/*"]
    conditions = [{
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }]
  }]
}

# Created in every environment; whether logins use it is a compute setting (accounts.federate_logins).
module "accounts_identity_pool" {
  source = "../../modules/identity_pool"

  name                    = "${var.environment}_accounts"
  developer_provider_name = "login.accounts.${var.environment}"
}

output "accounts_users_table" {
  description = "DynamoDB table of the accounts service's users: { name, arn }."
  value       = { name = module.accounts_users.name, arn = module.accounts_users.arn }
}

output "accounts_rate_limit_table" {
  description = "DynamoDB table of the accounts service's rate-limit counters: { name, arn }."
  value       = { name = module.accounts_rate_limits.name, arn = module.accounts_rate_limits.arn }
}

output "accounts_session_keys_secret" {
  description = "Secret holding the accounts session keyring: { name, arn, kms_key_arn }."
  value = {
    name        = module.accounts_session_keys.names["${var.environment}/accounts/session-keys"]
    arn         = module.accounts_session_keys.arns["${var.environment}/accounts/session-keys"]
    kms_key_arn = aws_kms_key.data.arn
  }
}

output "accounts_pages_bucket" {
  description = "S3 bucket of the accounts pages: { name, arn, regional_domain_name }."
  value = {
    name                 = module.accounts_pages.name
    arn                  = module.accounts_pages.arn
    regional_domain_name = module.accounts_pages.regional_domain_name
  }
}

output "accounts_identity_pool" {
  description = "The Cognito identity pool accounts logins are federated to: { id, arn, developer_provider_name }."
  value = {
    id                      = module.accounts_identity_pool.id
    arn                     = module.accounts_identity_pool.arn
    developer_provider_name = module.accounts_identity_pool.developer_provider_name
  }
}
