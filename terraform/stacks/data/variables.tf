variable "environment" {
  type        = string
  description = "Environment name: prefix of every name and path."

  validation {
    condition     = contains(["sandbox", "test", "beta", "prod"], var.environment)
    error_message = "environment must be one of sandbox, test, beta, prod."
  }
}

variable "idp_principal_arns" {
  type        = list(string)
  description = "IAM role ARNs of the IDP that read new shared secret values from the hand-off secrets during a rotation."
  default     = []
}
