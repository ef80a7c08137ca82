variable "environment" {
  type        = string
  description = "Environment name, passed to the functions as ENVIRONMENT and used as the name prefix."

  validation {
    condition     = contains(["sandbox", "test", "beta", "prod"], var.environment)
    error_message = "environment must be one of sandbox, test, beta, prod."
  }
}

variable "git_ref" {
  type        = string
  description = "Full commit SHA whose artifacts every accounts function runs."
}

variable "speculative_artifact_hashes" {
  type        = map(string)
  description = "Branch plans only: base64 SHA-256 of each app's zip from the branch's own build (modules/function). Empty in every plan that is applied."
  default     = {}
}

variable "artifact_bucket" {
  type        = string
  description = "Bucket holding <app>/<git_ref>.zip and .sha256 (created by terraform/global)."
}

variable "users_table" {
  type = object({
    name = string
    arn  = string
  })
  description = "The users table of the data root (partition key email)."
}

variable "rate_limit_table" {
  type = object({
    name = string
    arn  = string
  })
  description = "The rate-limit counters of the data root (partition key key, TTL expiresAt)."
}

variable "session_keys_secret" {
  type = object({
    name        = string
    arn         = string
    kms_key_arn = string
  })
  description = "The Secrets Manager secret holding the session signing keyring (docs/runbooks/rotate-secrets.md)."
}

variable "pages_bucket" {
  type = object({
    name                 = string
    arn                  = string
    regional_domain_name = string
  })
  description = "The bucket of the data root the pages are put in; CloudFront reads it."
}

variable "identity_pool" {
  type = object({
    id                      = string
    arn                     = string
    developer_provider_name = string
  })
  description = "The Cognito identity pool logins are federated to (developer-authenticated identities); null where logins are not federated."
  default     = null
}

variable "data_kms_key_arn" {
  type        = string
  description = "KMS key of the data root: the tables are encrypted with it."
}

variable "mail_from" {
  type        = string
  description = "The address the service mails from (a verified SES identity's domain)."
}

variable "mail_identity_arn" {
  type        = string
  description = "ARN of the verified SES identity mail_from belongs to: the only one the functions may send through."
}

variable "log_level" {
  type        = string
  description = "Log level of every accounts function."
  default     = "INFO"
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the functions' and the API's logs."
  default     = 30
}

variable "tracing_mode" {
  type        = string
  description = "X-Ray tracing mode of every function: PassThrough or Active."
  default     = "PassThrough"
}

variable "retained_releases" {
  type        = map(map(string))
  description = "Release aliases kept from earlier applies, by app then alias: the version each points at."
  default     = {}
}

variable "errors_alarm" {
  type = object({
    threshold          = number
    evaluation_periods = number
    period_seconds     = number
  })
  description = "Errors alarm of every function."
}

variable "alarm_actions" {
  type        = list(string)
  description = "SNS topics every alarm notifies."
  default     = []
}
