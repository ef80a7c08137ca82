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

variable "speculative_artifact_hashes" {
  type        = map(string)
  description = "Branch plans only: base64 SHA-256 of each app's zip from the branch's own build, so a plan of a branch that adds an app passes without publishing (modules/function). Empty in every plan that is applied."
  default     = {}
}

variable "retained_release_secrets" {
  type = map(map(map(object({
    name        = string
    arn         = string
    kms_key_arn = string
  }))))
  description = "By app, then release alias, then configSchema variable: the secrets retained releases read (the functions' release_secrets of the previous apply)."
  default     = {}
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
    condition     = length(setsubtract(local.job_types, keys(var.callback_token_parameters))) == 0
    error_message = "callback_token_parameters must have address, resolution and document entries."
  }
}

variable "callback_signing_keys" {
  type = map(object({
    name = string
    arn  = string
  }))
  description = "SSM SecureString parameters holding the callback signing keys (X-Signature), by job kind (address, resolution, document); from the data root module."

  validation {
    condition     = length(setsubtract(local.job_types, keys(var.callback_signing_keys))) == 0
    error_message = "callback_signing_keys must have address, resolution and document entries: apply the data root module first (it creates the signing key parameters)."
  }
}

variable "parameters_kms_key_arn" {
  type        = string
  description = "KMS key encrypting the callback token parameters."
}

variable "data_kms_key_arn" {
  type        = string
  description = "KMS key encrypting proofing data at rest: the failure queues, the outcomes table, the document bucket."
}

variable "idp_invoker_arns" {
  type        = list(string)
  description = "IAM role ARNs of the IDP, allowed to invoke the release aliases of the proofing functions."
}

variable "callback_allowed_hosts" {
  type        = list(string)
  description = "Hosts of the IDP that callback URLs may point at (CALLBACK_ALLOWED_HOSTS): \"host\" for port 443, or \"host:port\"; the jobs compare host and port."

  # The same pattern as the apps' CALLBACK_ALLOWED_HOSTS (libs/proofing CALLBACK_HOST_PATTERN); a contract test compares them.
  validation {
    condition     = length(var.callback_allowed_hosts) > 0 && alltrue([for host in var.callback_allowed_hosts : can(regex("^[a-z0-9.-]+(:[0-9]{1,5})?$", host))])
    error_message = "callback_allowed_hosts must list at least one lowercase host name, optionally with a port (without one the jobs allow port 443 only), no scheme or path."
  }
}

variable "vendors" {
  type = object({
    address    = optional(string, "mock")
    resolution = optional(string, "mock")
    state_id   = optional(string, "mock")
    document   = optional(string, "mock")
  })
  description = "Vendor of each proofing step (ADDRESS_VENDOR, RESOLUTION_VENDOR, STATE_ID_VENDOR, DOCUMENT_VENDOR); the contract test checks each against its app's configSchema."
  default     = {}

  validation {
    condition = (
      contains(["mock", "lexisnexis"], var.vendors.address) &&
      contains(["mock", "lexisnexis"], var.vendors.resolution) &&
      contains(["mock", "aamva"], var.vendors.state_id) &&
      contains(["mock", "acuant"], var.vendors.document)
    )
    error_message = "vendors: address and resolution are mock or lexisnexis, state_id mock or aamva, document mock or acuant."
  }

  # Mocks answer real applicants with made-up verdicts: prod runs real vendors only (the functions refuse a
  # mock at start too). docs/runbooks/proofing-launch.md says what must exist before prod can apply.
  validation {
    condition     = var.environment != "prod" || alltrue([for step, vendor in var.vendors : vendor != "mock"])
    error_message = "vendors: prod never runs a mock, but ${join(", ", [for step, vendor in var.vendors : step if vendor == "mock"])} is mock: choose the real vendor (docs/runbooks/proofing-launch.md)."
  }
}

variable "vendor_secrets" {
  type = map(object({
    name                   = string
    arn                    = string
    kms_key_arn            = string
    placeholder_version_id = string
  }))
  description = "Secrets Manager secrets of the real vendors, by vendor (lexisnexis, aamva, acuant), from the data root module: name, ARN, the KMS key encrypting it, and the version id of Terraform's placeholder."
  default     = {}

  validation {
    condition     = alltrue([for vendor in keys(var.vendor_secrets) : contains(["lexisnexis", "aamva", "acuant"], vendor)])
    error_message = "vendor_secrets is keyed by a real vendor: lexisnexis, aamva or acuant."
  }

  # A real vendor needs its secret first: the data stack creates it, someone puts the real value, and only
  # then may a step switch from the mock.
  validation {
    condition     = alltrue([for step, vendor in var.vendors : vendor == "mock" || contains(keys(var.vendor_secrets), vendor)])
    error_message = "vendors chooses ${join(", ", distinct([for step, vendor in var.vendors : vendor if vendor != "mock" && !contains(keys(var.vendor_secrets), vendor)]))}, which has no secret in the data stack yet: add it to proofing_vendor_secrets in the environment's settings, apply data and put the secret's value first (docs/runbooks/proofing-launch.md)."
  }
}

variable "outcomes_table" {
  type = object({
    name = string
    arn  = string
  })
  description = "DynamoDB table of the jobs' stored outcomes (IDEMPOTENCY_TABLE); from the data root module."
}

variable "outcome_key_parameter" {
  type = object({
    name = string
    arn  = string
  })
  description = "SSM SecureString the jobs derive the outcome encryption key from (RESULT_KEY_PARAMETER), encrypted with parameters_kms_key_arn; from the data root module."
}

variable "document_bucket" {
  type = object({
    name = string
    arn  = string
  })
  description = "S3 bucket of the encrypted document images (DOCUMENT_BUCKET), encrypted with data_kms_key_arn; from the data root module."
}

variable "function_sizes" {
  type = map(object({
    memory_size          = number
    reserved_concurrency = number
  }))
  description = "Memory and reserved concurrency by app; apps not listed get no reservation and 512 MB (proof-document 1024 MB)."
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
