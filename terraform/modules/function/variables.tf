variable "name" {
  type        = string
  description = "Function name, also the name of its role, log group (/aws/lambda/<name>) and alarm. Example: prod-proof-address."

  validation {
    condition     = can(regex("^[A-Za-z0-9-_]{1,56}$", var.name))
    error_message = "name must be 1-56 characters of letters, digits, - and _ (the role policy appends -runtime)."
  }
}

variable "app" {
  type        = string
  description = "Nx app under apps/ whose bundle this function runs; the artifact key is <app>/<git_ref>.zip."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*$", var.app))
    error_message = "app must be the kebab-case name of a directory under apps/."
  }
}

variable "git_ref" {
  type        = string
  description = "Full 40-character commit SHA whose published artifact the function runs."

  validation {
    condition     = can(regex("^[0-9a-f]{40}$", var.git_ref))
    error_message = "git_ref must be a full 40-character lowercase commit SHA."
  }

  # Lambda refuses alias names made only of digits, and the release alias is the first 10 characters.
  validation {
    condition     = !can(regex("^[0-9]{10}", var.git_ref))
    error_message = "git_ref cannot be pinned: its first 10 characters are all digits, and Lambda refuses an alias made only of digits (the IDP invokes <function>:<first 10 characters>). Make another commit (git commit --amend --no-edit gives a new SHA), publish it and apply that one."
  }
}

variable "artifact_bucket" {
  type        = string
  description = "S3 bucket that tools/release publishes <app>/<git_ref>.zip and its .sha256 to."
}

variable "speculative_artifact_hashes" {
  type        = map(string)
  description = "Branch plans only: base64 SHA-256 of each app's zip from the branch's own build (tools/release tfvars), which is built but never published. When it holds this function's app, the plan reads nothing from the artifact bucket and uses that hash. Such a plan is never applied: CI applies only main's plans, which leave this empty."
  default     = {}

  validation {
    condition     = alltrue([for hash in values(var.speculative_artifact_hashes) : can(regex("^[A-Za-z0-9+/]{43}=$", hash))])
    error_message = "speculative_artifact_hashes maps an app to the base64 SHA-256 of its zip (the .sha256 file of tools/release)."
  }
}

variable "description" {
  type        = string
  description = "Human description of the function, shown in the Lambda console."
  default     = ""
}

variable "environment" {
  type        = map(string)
  description = "Environment variables named in the app's src/config.ts configSchema. Never secrets: pass a parameter or secret name instead (see secrets)."
  default     = {}
}

variable "secrets" {
  type = map(object({
    name        = string
    arn         = string
    kms_key_arn = string
  }))
  description = "Secrets Manager secrets the function reads, by the configSchema variable that names them: each sets that variable to the secret's name and grants secretsmanager:GetSecretValue on its ARN and kms:Decrypt on its key for that secret only. A null entry sets and grants nothing (e.g. a vendor secret while the step runs the mock)."
  default     = {}

  validation {
    condition     = length(setintersection(keys(var.secrets), keys(var.environment))) == 0
    error_message = "a variable is either in environment or in secrets, not both."
  }
}

variable "log_level" {
  type        = string
  description = "LOG_LEVEL given to every function (Powertools logger level)."
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARN, ERROR."
  }
}

variable "memory_size" {
  type        = number
  description = "Memory in MB (CPU scales with it)."
  default     = 512
}

variable "timeout_seconds" {
  type        = number
  description = "Function timeout in seconds."
  default     = 30

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 900
    error_message = "timeout_seconds must be between 1 and 900."
  }
}

variable "architecture" {
  type        = string
  description = "Instruction set, arm64 (cheaper) by default. A zip with a native binary has it for the app's entry in tools/release/function-architectures.json, which must name the same one (terraform/tests)."
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "reserved_concurrency" {
  type        = number
  description = "Reserved concurrent executions; -1 leaves the function on the account's unreserved pool, 0 disables it."
  default     = -1
}

variable "tracing_mode" {
  type        = string
  description = "X-Ray tracing: Active samples and records traces, PassThrough only propagates the caller's decision."
  default     = "PassThrough"

  validation {
    condition     = contains(["Active", "PassThrough"], var.tracing_mode)
    error_message = "tracing_mode must be Active or PassThrough."
  }
}

variable "policy_statements" {
  type = list(object({
    sid       = string
    effect    = optional(string, "Allow")
    actions   = list(string)
    resources = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  description = "IAM statements the function needs beyond logs, traces, its failure destination and its event sources: exact actions on exact ARNs."
  default     = []

  validation {
    condition     = alltrue([for statement in var.policy_statements : alltrue([for action in statement.actions : !strcontains(action, "*")])])
    error_message = "policy_statements must name exact actions: no \"*\" and no \"service:*\" wildcards."
  }
}

variable "permissions_boundary_arn" {
  type        = string
  description = "Permissions boundary policy for the role, when the account requires one."
  default     = null
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the function's logs."
  default     = 30
}

variable "log_kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the log group (its key policy must allow logs.<region>.amazonaws.com); null uses CloudWatch's own encryption."
  default     = null
}

variable "environment_kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the environment variables at rest; null uses the Lambda service key."
  default     = null
}

variable "async" {
  type = object({
    maximum_retry_attempts    = number
    maximum_event_age_seconds = number
    on_failure_queue_arn      = optional(string)
  })
  description = "Settings for asynchronously invoked functions, applied to every alias: retries, maximum event age, on-failure SQS destination. null for functions never invoked asynchronously."
  default     = null

  # Conditionals rather than ||: Terraform before 1.12 evaluates both operands, and null has no attributes.
  validation {
    condition     = var.async == null ? true : (var.async.maximum_retry_attempts >= 0 && var.async.maximum_retry_attempts <= 2)
    error_message = "async.maximum_retry_attempts must be between 0 and 2."
  }

  validation {
    condition     = var.async == null ? true : (var.async.maximum_event_age_seconds >= 60 && var.async.maximum_event_age_seconds <= 21600)
    error_message = "async.maximum_event_age_seconds must be between 60 and 21600."
  }
}

variable "sqs_event_sources" {
  type = list(object({
    name                            = string
    queue_arn                       = string
    batch_size                      = optional(number, 10)
    maximum_batching_window_seconds = optional(number, 0)
    maximum_concurrency             = optional(number)
  }))
  description = "SQS queues that trigger the live alias; batch item failures are always reported so one bad record never retries a whole batch."
  default     = []
}

variable "release_invoker_arns" {
  type        = list(string)
  description = "IAM principals (e.g. the IDP's role ARN) allowed to invoke the release aliases, current and retained. Never `live`."
  default     = []
}

variable "retained_releases" {
  type        = map(string)
  description = "Earlier releases whose alias stays on its version until explicitly retired: { \"<first 10 characters of the SHA>\" = \"<version>\" }, normally the release_aliases output of the previous apply minus the retired ones."
  default     = {}

  validation {
    condition     = alltrue([for alias, version in var.retained_releases : can(regex("^[0-9a-f]{10}$", alias)) && can(regex("^[0-9]+$", version))])
    error_message = "retained_releases maps a 10-character lowercase SHA prefix to a published version number, e.g. { \"3f2a9c1b7d\" = \"12\" }."
  }
}

variable "retained_release_secrets" {
  type = map(map(object({
    name        = string
    arn         = string
    kms_key_arn = string
  })))
  description = "Secrets each retained release reads, by release alias then configSchema variable: normally the release_secrets output of the previous apply. The role keeps reading them while the release is in retained_releases, even when the current release no longer does."
  default     = {}
}

variable "errors_alarm" {
  type = object({
    threshold          = optional(number, 1)
    evaluation_periods = optional(number, 1)
    period_seconds     = optional(number, 300)
  })
  description = "Errors alarm: fires when unhandled errors in evaluation_periods periods of period_seconds reach threshold."
  default     = {}
}

variable "alarm_actions" {
  type        = list(string)
  description = "SNS topic ARNs notified when the errors alarm changes state."
  default     = []
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource on top of the provider's default tags."
  default     = {}
}
