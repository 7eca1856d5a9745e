output "cluster_name" {
  description = "Name of the AKS cluster."
  value       = azurerm_kubernetes_cluster.this.name
}

output "resource_group" {
  description = "Resource group holding the cluster."
  value       = azurerm_resource_group.this.name
}

output "endpoint" {
  description = "URL of the Kubernetes API server (credentials come from the Azure CLI, see kubeconfig_command)."
  value       = "https://${azurerm_kubernetes_cluster.this.fqdn}"
}

output "kubeconfig_command" {
  description = "How to point kubectl at the cluster."
  value       = "az aks get-credentials --resource-group ${azurerm_resource_group.this.name} --name ${azurerm_kubernetes_cluster.this.name}"
}
