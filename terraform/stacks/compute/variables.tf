variable "environment" {
  type        = string
  description = "Environment name: prefix of every name."

  validation {
    condition     = contains(["sandbox", "test", "beta", "prod"], var.environment)
    error_message = "environment must be one of sandbox, test, beta, prod."
  }
}

variable "region" {
  type        = string
  description = "AWS region of the environment (and of its state bucket)."
}

variable "git_ref" {
  type        = string
  description = "Full 40-character commit SHA whose artifacts every function runs."

  validation {
    condition     = can(regex("^[0-9a-f]{40}$", var.git_ref))
    error_message = "git_ref must be a full 40-character lowercase commit SHA (git rev-parse HEAD)."
  }
}

variable "speculative_artifact_hashes" {
  type        = map(string)
  description = "Branch plans only: base64 SHA-256 of each app's zip from the branch's own build (tools/release tfvars), so a plan of a branch, an added app included, passes without publishing. Empty in every plan that is applied."
  default     = {}
}

variable "artifact_bucket" {
  type        = string
  description = "Artifact bucket created by terraform/global in this account."
}

variable "state_bucket" {
  type        = string
  description = "State bucket created by terraform/global in this account."
}

variable "compute_state_key" {
  type        = string
  description = "State key of this compute root module itself, read for the release aliases of the previous apply."
}

variable "data_state_key" {
  type        = string
  description = "State key of this environment's data root module."
}

variable "idp_principal_arns" {
  type        = list(string)
  description = "IAM role ARNs of the IDP that invoke the proofing release aliases."
}

variable "callback_allowed_hosts" {
  type        = list(string)
  description = "Hosts of the IDP that proofing callbacks may go to: \"host\" for port 443, or \"host:port\"."
}

variable "proofing_vendors" {
  type = object({
    address    = string
    resolution = string
    state_id   = string
    document   = string
  })
  description = "Vendor of each proofing step: address, resolution, state_id, document (mock, or the real vendor's name, whose secret the data root must hold with a real value)."
}

variable "function_sizes" {
  type = map(object({
    memory_size          = number
    reserved_concurrency = number
  }))
  description = "Memory and reserved concurrency by app; the sum of reservations must leave 100 of the account's concurrency unreserved."
  default     = {}
}

variable "log_level" {
  type        = string
  description = "LOG_LEVEL of every function."
  default     = "INFO"
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps function logs."
}

variable "tracing_mode" {
  type        = string
  description = "X-Ray mode of every function: Active or PassThrough."
  default     = "PassThrough"
}

variable "retired_releases" {
  type        = list(string)
  description = "Release aliases (first 10 characters of a SHA) to remove from every function: releases no IDP pins any more. All others stay."
  default     = []

  validation {
    condition     = alltrue([for alias in var.retired_releases : can(regex("^[0-9a-f]{10}$", alias))])
    error_message = "retired_releases lists 10-character lowercase SHA prefixes."
  }
}

variable "errors_alarm" {
  type = object({
    threshold          = optional(number, 1)
    evaluation_periods = optional(number, 1)
    period_seconds     = optional(number, 300)
  })
  description = "Errors alarm settings of every function."
  default     = {}
}

variable "alarm_email_addresses" {
  type        = list(string)
  description = "Addresses subscribed to the alarm topic (each must confirm by email)."
  default     = []
}

variable "messages" {
  type = object({
    mail_from = string
    api_throttling = optional(object({
      burst_limit = number
      rate_limit  = number
    }), { burst_limit = 100, rate_limit = 50 })
    custom_domain = optional(object({
      domain_name     = string
      certificate_arn = string
      mutual_tls = optional(object({
        truststore_uri     = string
        truststore_version = optional(string)
      }))
    }))
  })
  description = "The messages service: the address mail is sent from (in the data root's SES identity domain), the API's stage throttling, and its optional custom domain with mutual TLS."
}

variable "accounts" {
  type = object({
    mail_from       = string
    mail_domain     = string
    federate_logins = bool
  })
  description = "The accounts service: the address it mails from, that address's verified SES domain identity, and whether logins get a Cognito developer identity."
}

variable "licensing_api" {
  type = object({
    jwt_issuer   = string
    jwt_audience = list(string)
  })
  description = "The OAuth 2.0 issuer whose client-credentials tokens the licensing API accepts, and the audiences (app client ids) it accepts them for."
}

variable "licensing_read_api" {
  type = object({
    certificate_arn           = string
    vpc_id                    = string
    subnet_ids                = list(string)
    ingress_cidrs             = list(string)
    mail_from                 = string
    mail_domain               = string
    registration_continue_url = string
    recaptcha_hostnames       = list(string)
    recaptcha_min_score       = optional(number, 0.5)
    registration_waf_limit    = optional(number, 100)
  })
  description = "The licensing read side's ALB and public API (terraform/services/licensing read_api.tf): ACM certificate, VPC and subnets, allowed CIDRs, the registration mail's sender and its verified SES domain identity, the page the mailed link opens, the reCAPTCHA pages' hostnames and lowest score, and the WAF's registration limit per client IP per 5 minutes."
}
