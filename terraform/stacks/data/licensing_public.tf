# The licensing public API's data (issue 13, docs/licensing.md "Registration", "Feature flags"): registration tokens
# and the registration's per-IP counters, the service's feature flags, and the reCAPTCHA secret key. The compute
# root reads them through the outputs below (terraform/services/licensing, read_api.tf).

# Registration tokens (`token#<sha-256>`, 24 h) and fixed-window per-IP counters (15 min): both short-lived, both
# deleted by TTL; a lost item costs a practitioner one more attempt, so a day of point-in-time recovery suffices.
module "licensing_registrations" {
  source = "../../modules/table"

  name                        = "${var.environment}-licensing-registrations"
  hash_key                    = "key"
  attributes                  = { key = "S" }
  ttl_attribute               = "expiresAt"
  kms_key_arn                 = aws_kms_key.data.arn
  point_in_time_recovery_days = 1
  deletion_protection         = var.environment != "sandbox"
}

# One String parameter per flag libs/licensing declares (LICENSING_FLAGS), written once with its declared default;
# operators own the value after that (docs/licensing.md "Feature flags").
module "licensing_flags" {
  source = "../../modules/parameters"

  flags = {
    "/${var.environment}/licensing/flags/provider_registration" = { description = "The registration page offers practitioner self-registration.", default = true }
    "/${var.environment}/licensing/flags/provider_search"       = { description = "Pages offer the public provider search (not built yet: off until it is).", default = false }
  }
  kms_key_arn = aws_kms_key.parameters.arn
}

# Google's reCAPTCHA v3 secret key of the registration page's site (plain text). Created with a write-only
# placeholder: the real key is put with tools/secrets and never passes through Terraform or its state
# (docs/runbooks/rotate-secrets.md, "Rotating the reCAPTCHA secret key").
module "licensing_recaptcha_secret" {
  source = "../../modules/secrets"

  secrets = {
    "${var.environment}/licensing/recaptcha-secret" = "reCAPTCHA v3 secret key (plain text) register-provider verifies tokens with."
  }
  kms_key_arn = aws_kms_key.data.arn
}

output "licensing_registrations_table" {
  description = "DynamoDB table of registration tokens and the registration's per-IP counters: { name, arn }."
  value       = { name = module.licensing_registrations.name, arn = module.licensing_registrations.arn }
}

output "licensing_flag_parameters" {
  description = "The licensing feature flags' SSM parameters: { prefix, arns }."
  value = {
    prefix = "/${var.environment}/licensing/flags"
    arns   = values(module.licensing_flags.flag_arns)
  }
}

output "licensing_recaptcha_secret" {
  description = "Secret holding the reCAPTCHA secret key: { name, arn, kms_key_arn }."
  value = {
    name        = module.licensing_recaptcha_secret.names["${var.environment}/licensing/recaptcha-secret"]
    arn         = module.licensing_recaptcha_secret.arns["${var.environment}/licensing/recaptcha-secret"]
    kms_key_arn = aws_kms_key.data.arn
  }
}
