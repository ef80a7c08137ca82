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
  description = "Full commit SHA whose artifacts both messages functions run."
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

variable "tables" {
  type = object({
    messages = object({ name = string, arn = string })
    requests = object({ name = string, arn = string })
    api_keys = object({ name = string, arn = string })
  })
  description = "The messages, requests (rate-limit windows, Idempotency-Key records) and API keys tables; from the data root module."
}

variable "content_keyring_secret" {
  type = object({
    name = string
    arn  = string
  })
  description = "Secrets Manager secret holding the keyring store_secure content is sealed with; from the data root module."
}

variable "messages_kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key of the messages data: the tables, the keyring secret, the outbox and its DLQ."
}

variable "mail_from" {
  type        = string
  description = "Address mail is sent from (MAIL_FROM), in the SES identity's domain."
}

variable "mail_identity_arn" {
  type        = string
  description = "ARN of the SES identity send-message may send as; from the data root module."
}

variable "api_throttling" {
  type = object({
    burst_limit = number
    rate_limit  = number
  })
  description = "Stage-wide throttling of the messages API (every key together); each key's own limit is counted in DynamoDB."
  default = {
    burst_limit = 100
    rate_limit  = 50
  }
}

variable "custom_domain" {
  type = object({
    domain_name     = string
    certificate_arn = string
    mutual_tls = optional(object({
      truststore_uri     = string
      truststore_version = optional(string)
    }))
  })
  description = "Custom domain of the messages API, optionally with mutual TLS (modules/http_api); null for the execute-api URL only."
  default     = null
}

variable "function_sizes" {
  type = map(object({
    memory_size          = number
    reserved_concurrency = number
  }))
  description = "Memory and reserved concurrency by app; apps not listed get 512 MB and no reservation."
  default     = {}
}

variable "log_level" {
  type        = string
  description = "LOG_LEVEL of both messages functions."
  default     = "INFO"
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the functions' logs and the API's access logs."
  default     = 30
}

variable "tracing_mode" {
  type        = string
  description = "X-Ray mode of both messages functions: Active or PassThrough."
  default     = "PassThrough"
}

variable "errors_alarm" {
  type = object({
    threshold          = optional(number, 1)
    evaluation_periods = optional(number, 1)
    period_seconds     = optional(number, 300)
  })
  description = "Errors alarm settings of both messages functions."
  default     = {}
}

variable "alarm_actions" {
  type        = list(string)
  description = "SNS topic ARNs notified by the functions' errors alarms and the outbox's DLQ and age alarms."
  default     = []
}
