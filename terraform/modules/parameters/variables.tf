variable "parameters" {
  type        = map(string)
  description = "SecureString parameters to create: { \"/<env>/<path>/<name>\" = \"what it is and who reads it\" }."
  default     = {}

  validation {
    condition     = alltrue([for name in keys(var.parameters) : can(regex("^/[A-Za-z0-9_./-]+$", name))])
    error_message = "parameter names must be absolute paths such as /prod/idp/doc-capture/address_proof_result_token."
  }
}

variable "flags" {
  type = map(object({
    description = string
    default     = bool
  }))
  description = "Feature flags, one String parameter each: { \"/<env>/<service>/flags/<flag>\" = { description, default } }. The default is written at creation; operators own the value after that."
  default     = {}

  validation {
    condition     = alltrue([for name in keys(var.flags) : can(regex("^/[A-Za-z0-9_./-]+/[A-Za-z0-9_.-]{1,100}$", name))])
    error_message = "flag parameter names must be absolute paths ending in the flag's name, such as /prod/<service>/flags/<flag>."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key that encrypts the parameters (and hand-off secrets); readers need kms:Decrypt on it."
}

variable "placeholder" {
  type        = string
  description = "Value written at creation, before tools/secrets sets the real one. Readers must treat it as unset."
  default     = "PLACEHOLDER-set-with-tools-secrets"
}

variable "shared_with" {
  type        = list(string)
  description = "IAM principals of another system that holds the same secrets (e.g. the IDP's role). When set, each parameter gets a Secrets Manager hand-off secret they may read."
  default     = []
}

variable "tags" {
  type        = map(string)
  description = "Tags added on top of the provider's default tags."
  default     = {}
}
