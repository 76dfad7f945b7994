// A hand-written Bicep rule: the period is shorter than the frequency, the tactic is spelled with a space, and
// the Host mapping names a column the query does not return.
@description('Name of the Log Analytics workspace where Microsoft Sentinel is enabled')
param workspace string

resource sentinelWorkspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' existing = {
  name: workspace
}

resource bulkDeletion 'Microsoft.SecurityInsights/alertRules@2023-12-01-preview' = {
  scope: sentinelWorkspace
  name: '8a3e6d21-4c7b-4f0a-9e12-5b6c7d8e9f01'
  kind: 'Scheduled'
  properties: {
    displayName: 'Directory objects deleted in bulk'
    description: 'One account deleted many directory objects in a short time.'
    severity: 'Medium'
    enabled: true
    query: '''
SecurityEvent
| where EventID in (5141, 4726, 4730, 4743)
| summarize Deleted = count() by Account, bin(TimeGenerated, 15m)
| where Deleted >= 20
'''
    queryFrequency: 'PT1H'
    queryPeriod: 'PT30M'
    triggerOperator: 'GreaterThan'
    triggerThreshold: 0
    suppressionDuration: 'PT1H'
    suppressionEnabled: false
    tactics: [
      'Impact'
      'Defense Evasion'
    ]
    techniques: [
      'T1485'
    ]
    entityMappings: [
      {
        entityType: 'Account'
        fieldMappings: [
          {
            identifier: 'FullName'
            columnName: 'Account'
          }
        ]
      }
      {
        entityType: 'Host'
        fieldMappings: [
          {
            identifier: 'HostName'
            columnName: 'Computer'
          }
        ]
      }
    ]
    eventGroupingSettings: {
      aggregationKind: 'SingleAlert'
    }
  }
}
