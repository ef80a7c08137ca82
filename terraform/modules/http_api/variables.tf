variable "name" {
  type        = string
  description = "API name, also used for its access log group /aws/apigateway/<name>."
}

variable "routes" {
  type = map(object({
    function_name        = string
    alias                = string
    invoke_arn           = string
    jwt_authorizer       = optional(string)
    scopes               = optional(list(string))
    timeout_milliseconds = optional(number, 29000)
  }))
  description = "Routes by route key (\"POST /users\"): the function, the alias API Gateway invokes (normally live), that alias's invoke ARN, and an optional JWT authorizer name from jwt_authorizers."
}

variable "jwt_authorizers" {
  type = map(object({
    issuer   = string
    audience = list(string)
  }))
  description = "JWT authorizers by name (Authorization header)."
  default     = {}
}

variable "throttling" {
  type = object({
    burst_limit = number
    rate_limit  = number
  })
  description = "Default route throttling of the $default stage: burst and steady requests per second."
  default = {
    burst_limit = 100
    rate_limit  = 50
  }
}

variable "cors" {
  type = object({
    allow_origins   = list(string)
    allow_methods   = list(string)
    allow_headers   = optional(list(string), ["content-type", "authorization"])
    max_age_seconds = optional(number, 300)
  })
  description = "CORS for browser callers; null disables CORS."
  default     = null
}

variable "disable_execute_api_endpoint" {
  type        = bool
  description = "Turn off the default execute-api endpoint when a custom domain fronts the API."
  default     = false
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps access logs."
  default     = 30
}

variable "log_kms_key_arn" {
  type        = string
  description = "KMS key that encrypts the access log group; null uses CloudWatch's own encryption."
  default     = null
}

variable "tags" {
  type        = map(string)
  description = "Tags added on top of the provider's default tags."
  default     = {}
}

variable "custom_domain" {
  type = object({
    domain_name     = string
    certificate_arn = string
    # Mutual TLS: clients must present a certificate that chains to the truststore (a PEM bundle in S3).
    mutual_tls = optional(object({
      truststore_uri     = string
      truststore_version = optional(string)
    }))
  })
  description = "A custom domain for the $default stage (regional, TLS 1.2), optionally with mutual TLS; null for none. With mutual TLS the execute-api endpoint is turned off, since it would let clients around the certificate check."
  default     = null

  validation {
    condition     = var.custom_domain == null ? true : can(regex("^s3://[^/]+/.+", try(var.custom_domain.mutual_tls.truststore_uri, "s3://none/none")))
    error_message = "custom_domain.mutual_tls.truststore_uri must be an s3://bucket/key URI of the PEM truststore."
  }
}
