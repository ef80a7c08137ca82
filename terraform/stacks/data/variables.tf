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

variable "document_upload_origins" {
  type        = list(string)
  description = "Browser origins of the IDP's document capture pages (https://host[:port]), allowed by the document bucket's CORS rule to PUT images."

  validation {
    condition     = length(var.document_upload_origins) > 0 && alltrue([for origin in var.document_upload_origins : can(regex("^https://[a-z0-9.-]+(:[0-9]+)?$", origin))])
    error_message = "document_upload_origins must list at least one origin such as https://idp.example.gov: https, no path, no trailing slash."
  }
}

variable "proofing_vendor_secrets" {
  type        = list(string)
  description = "Real proofing vendors whose Secrets Manager secret this environment holds (lexisnexis, aamva, acuant): listed before any step switches to that vendor, so the secret exists and can be set first."
  default     = []

  validation {
    condition     = alltrue([for vendor in var.proofing_vendor_secrets : contains(["lexisnexis", "aamva", "acuant"], vendor)])
    error_message = "proofing_vendor_secrets lists real vendors only: lexisnexis, aamva, acuant."
  }
}

variable "messages" {
  type = object({
    mail_domain             = string
    sms_monthly_spend_limit = number
    sms_sender_id           = optional(string)
  })
  description = "The messages service's data settings: the SES domain identity mail is sent from, the account's monthly SMS spend limit in USD, and the default SMS sender id (null for none)."
}
