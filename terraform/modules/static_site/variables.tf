variable "name" {
  type        = string
  description = "Name prefix of the distribution and its origin access control."
}

variable "bucket" {
  type = object({
    name                 = string
    arn                  = string
    regional_domain_name = string
  })
  description = "The private bucket the pages are put in (modules/bucket, in the data root); its policy must allow this account's CloudFront distributions to read."
}

variable "source_dir" {
  type        = string
  description = "Directory whose files are put in the bucket under key_prefix, as they are (no build step)."
}

variable "key_prefix" {
  type        = string
  description = "Prefix of every key in the bucket, ending in /; also the path the pages are served under."
}

variable "default_object" {
  type        = string
  description = "The object served for the site's root (e.g. accounts/index.html)."
}

variable "api_endpoint" {
  type        = string
  description = "Base URL of the HTTP API requests under api_path are passed to (modules/http_api's endpoint)."
}

variable "api_path" {
  type        = string
  description = "CloudFront path pattern passed to the API uncached, e.g. /api/*."
}

variable "price_class" {
  type        = string
  description = "CloudFront price class."
  default     = "PriceClass_100"
}

variable "tags" {
  type        = map(string)
  description = "Tags added on top of the provider's default tags."
  default     = {}
}
