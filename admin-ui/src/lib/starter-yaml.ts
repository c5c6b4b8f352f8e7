/** The text a new process starts from: small, valid, and showing the main ideas of the language. */
export const starterYaml = `id: my-process
name: 我的流程 My process
roles: [agent, team-lead]
data:
  type: object
  required: [customer]
  properties:
    customer: { type: string, title: 客户 Customer }
initial: open
states:
  open:
    label: 处理中 Open
    deadline: { within: 24h, warn: { at: 20h } }
    on:
      close:
        label: 关闭 Close
        roles: [agent]
        to: closed
  closed:
    label: 已关闭 Closed
    final: true
`;
