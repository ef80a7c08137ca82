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
  description = "Full commit SHA whose artifacts every proofing function runs."
}

variable "artifact_bucket" {
  type        = string
  description = "Bucket holding <app>/<git_ref>.zip and .sha256 (created by terraform/global)."
}

variable "callback_token_parameters" {
  type = map(object({
    name = string
    arn  = string
  }))
  description = "SSM SecureString parameters holding the callback tokens, by job kind (address, resolution, document); from the data root module."

  validation {
    condition     = length(setsubtract(["address", "resolution", "document"], keys(var.callback_token_parameters))) == 0
    error_message = "callback_token_parameters must have address, resolution and document entries."
  }
}

variable "parameters_kms_key_arn" {
  type        = string
  description = "KMS key encrypting the callback token parameters."
}

variable "data_kms_key_arn" {
  type        = string
  description = "KMS key encrypting proofing data at rest (the failure queues)."
}

variable "idp_invoker_arns" {
  type        = list(string)
  description = "IAM role ARNs of the IDP, allowed to invoke the release aliases of the proofing functions."
}

variable "callback_allowed_hosts" {
  type        = list(string)
  description = "Host names of the IDP that callback URLs may point at (CALLBACK_ALLOWED_HOSTS)."

  validation {
    condition     = length(var.callback_allowed_hosts) > 0 && alltrue([for host in var.callback_allowed_hosts : can(regex("^[a-z0-9.-]+(:[0-9]+)?$", host))])
    error_message = "callback_allowed_hosts must list at least one lowercase host name (optionally with a port), no scheme or path."
  }
}

variable "address_vendor" {
  type        = string
  description = "Address proofing vendor (ADDRESS_VENDOR): mock or lexisnexis."
  default     = "mock"

  validation {
    condition     = contains(["mock", "lexisnexis"], var.address_vendor)
    error_message = "address_vendor must be mock or lexisnexis."
  }
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
  description = "LOG_LEVEL of every proofing function."
  default     = "INFO"
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the functions' logs."
  default     = 30
}

variable "tracing_mode" {
  type        = string
  description = "X-Ray mode of every proofing function: Active or PassThrough."
  default     = "PassThrough"
}

variable "retained_releases" {
  type        = map(map(string))
  description = "Earlier releases whose aliases stay on their versions, by app: { \"<app>\" = { \"<10-character SHA prefix>\" = \"<version>\" } }."
  default     = {}
}

variable "errors_alarm" {
  type = object({
    threshold          = optional(number, 1)
    evaluation_periods = optional(number, 1)
    period_seconds     = optional(number, 300)
  })
  description = "Errors alarm settings of every proofing function."
  default     = {}
}

variable "alarm_actions" {
  type        = list(string)
  description = "SNS topic ARNs notified by the proofing alarms."
  default     = []
}
