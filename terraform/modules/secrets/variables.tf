variable "secrets" {
  type        = map(string)
  description = "Secrets to create: { \"<env>/<service>/<name>\" = \"what it holds, its format and who reads it\" }."

  validation {
    condition     = alltrue([for name in keys(var.secrets) : can(regex("^[A-Za-z0-9_+=.@/-]{1,512}$", name)) && !startswith(name, "/")])
    error_message = "secret names use letters, digits and _+=.@/- only, without a leading slash, such as prod/proofing/vendors/aamva."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "Customer-managed KMS key that encrypts the secrets; readers need kms:Decrypt on it, best with the condition kms:EncryptionContext:SecretARN = the secret's ARN."
}

variable "placeholder" {
  type        = string
  description = "Value of the first version, before the real one is put. Not JSON on purpose, so a reader expecting a JSON object fails naming the secret instead of running with it."
  default     = "PLACEHOLDER: put the real value with tools/secrets put-json (docs/runbooks)"
}

variable "placeholder_stage" {
  type        = string
  description = "Staging label kept on the placeholder version for good, so it is never deleted (and re-created by Terraform) and a check can tell whether AWSCURRENT is still the placeholder."
  default     = "TERRAFORM_PLACEHOLDER"

  validation {
    condition     = can(regex("^[A-Za-z0-9_]{1,256}$", var.placeholder_stage)) && !startswith(var.placeholder_stage, "AWS")
    error_message = "placeholder_stage must be a custom staging label (letters, digits, _), not one of Secrets Manager's AWS* labels."
  }
}

variable "recovery_window_in_days" {
  type        = number
  description = "Days a deleted secret can still be restored (7-30)."
  default     = 30

  validation {
    condition     = var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30
    error_message = "recovery_window_in_days must be between 7 and 30."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added on top of the provider's default tags."
  default     = {}
}
