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
  description = "Full commit SHA whose artifacts every licensing function runs."
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

variable "providers_table" {
  type = object({
    name = string
    arn  = string
  })
  description = "DynamoDB table of providers, licenses and history (PROVIDERS_TABLE); from the data root module."
}

variable "uploads_table" {
  type = object({
    name = string
    arn  = string
  })
  description = "DynamoDB table of upload records and row errors (UPLOADS_TABLE); from the data root module."
}

variable "upload_bucket" {
  type = object({
    name = string
    arn  = string
  })
  description = "S3 bucket boards upload license files to (UPLOAD_BUCKET), encrypted with data_kms_key_arn; from the data root module."
}

variable "data_key_parameter" {
  type = object({
    name = string
    arn  = string
  })
  description = "SSM SecureString the licensing keys are derived from (DATA_KEY_PARAMETER); from the data root module."
}

variable "parameters_kms_key_arn" {
  type        = string
  description = "KMS key of the SSM parameters; from the data root module."
}

variable "data_kms_key_arn" {
  type        = string
  description = "KMS key of the tables, the bucket and the queues; from the data root module."
}

variable "jwt_issuer" {
  type        = string
  description = "Issuer URL of the OAuth 2.0 client-credentials tokens boards send (e.g. the Cognito user pool's https://cognito-idp.<region>.amazonaws.com/<pool id>)."

  validation {
    condition     = can(regex("^https://", var.jwt_issuer))
    error_message = "jwt_issuer must be an https URL."
  }
}

variable "jwt_audience" {
  type        = list(string)
  description = "Audiences (or, for Cognito access tokens, app client ids) API Gateway accepts on the licensing API."
}

variable "function_sizes" {
  type = map(object({
    memory_size          = number
    reserved_concurrency = number
  }))
  description = "Memory and reserved concurrency by app; apps not listed get no reservation and their default memory (ingest-licenses 1024 MB, license-uploads 512 MB)."
  default     = {}
}

variable "log_level" {
  type        = string
  description = "LOG_LEVEL of every licensing function."
  default     = "INFO"
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the functions' and the API's logs."
  default     = 30
}

variable "tracing_mode" {
  type        = string
  description = "X-Ray mode of every licensing function: Active or PassThrough."
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
  description = "Errors alarm settings of every licensing function."
  default     = {}
}

variable "alarm_actions" {
  type        = list(string)
  description = "SNS topic ARNs notified by the licensing alarms."
  default     = []
}

variable "registrations_table" {
  type = object({
    name = string
    arn  = string
  })
  description = "DynamoDB table of registration tokens and the registration's per-IP counters (REGISTRATIONS_TABLE); from the data root module."
}

variable "flag_parameters" {
  type = object({
    prefix = string
    arns   = list(string)
  })
  description = "The licensing feature flags' SSM String parameters (FLAGS_PARAMETER_PREFIX and the ARNs check-feature-flag may read); from the data root module."
}

variable "recaptcha_secret" {
  type = object({
    name        = string
    arn         = string
    kms_key_arn = string
  })
  description = "Secret holding the reCAPTCHA v3 secret key (RECAPTCHA_SECRET); from the data root module. Its value is put with tools/secrets, never through Terraform."
}

variable "statsig_secret" {
  type = object({
    name        = string
    arn         = string
    kms_key_arn = string
  })
  description = "Secret holding StatSig's server secret key: when set, check-feature-flag reads flags from StatSig (FLAG_SOURCE statsig) instead of SSM."
  default     = null
}

variable "mail_identity_arn" {
  type        = string
  description = "ARN of the verified SES identity register-provider sends from (ses:SendEmail is granted on it only, for read_api.mail_from)."
}

variable "read_api" {
  type = object({
    certificate_arn           = string
    vpc_id                    = string
    subnet_ids                = list(string)
    ingress_cidrs             = list(string)
    mail_from                 = string
    registration_continue_url = string
    recaptcha_hostnames       = list(string)
    recaptcha_min_score       = optional(number, 0.5)
    registration_waf_limit    = optional(number, 100)
  })
  description = "The licensing read side's ALB and public API: the listener's ACM certificate, the VPC and subnets (two zones) of the load balancer, the CIDRs allowed to reach it, the address registration mails come from, the page the mailed link opens, the hostnames of the pages that make reCAPTCHA tokens with the lowest score accepted, and the WAF's registration requests per client IP per 5 minutes."

  validation {
    condition     = can(regex("^https://", var.read_api.registration_continue_url))
    error_message = "read_api.registration_continue_url must be an https URL."
  }

  validation {
    condition     = var.read_api.registration_waf_limit >= 10
    error_message = "read_api.registration_waf_limit must be at least 10 (WAF's lowest rate limit)."
  }
}
